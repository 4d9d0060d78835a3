"""Vietnamese labels for the codes that outputs carry (what people read, not the contract)."""

from __future__ import annotations

DOC_TYPES = {
    "registration": "Bản đăng ký nội dung thi đua",
    "launch": "Văn bản phát động thi đua",
    "result_report": "Báo cáo kết quả thi đua",
    "proposal": "Văn bản đề nghị khen thưởng",
    "council_minutes": "Biên bản họp Hội đồng Thi đua - Khen thưởng",
    "achievement_report": "Báo cáo tóm tắt thành tích",
    "tax_confirmation": "Xác nhận của cơ quan thuế",
    "unknown": "Không xác định",
}
STATUSES = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "missing": "Chưa gửi",
    "pending": "Chưa đến hạn",
}
SEVERITIES = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
VERDICTS = {
    "eligible": "Đủ điều kiện",
    "ineligible": "Không đủ điều kiện",
    "needs_review": "Cần xem xét",
    "not_handled": "Không thuộc thẩm quyền (chỉ liệt kê)",
}
KINDS = {"collective": "Tập thể", "individual": "Cá nhân"}
RECEIVED_SOURCES = {
    "eml": "ngày thư điện tử",
    "register": "sổ công văn đến",
    "doc_date": "ngày ký văn bản (không có ngày nhận)",
    "none": "không rõ",
}
