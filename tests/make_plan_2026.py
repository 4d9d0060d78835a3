"""Write the ward's 2026 campaign plan, as another office would: a second plan for the tests.

    python -m tests.make_plan_2026 [--out samples/plans]

A fictional "Kế hoạch phát động phong trào thi đua … năm 2026" of the People's Committee of
Phường Bình Trị Đông (a ward of Thành phố Hồ Chí Minh that replaced part of the old Bình Tân
district on 01/7/2025), for the preschools, primary and lower-secondary schools of the ward.
Its own order and numbering (contents as "1.", "2." under "III. NỘI DUNG THI ĐUA", deadlines
under "IV. TIẾN ĐỘ THỰC HIỆN" written "chậm nhất ngày …", the agencies in a table of section
VI), and today's law: Luật Thi đua, khen thưởng 2022, Nghị định 152/2025/NĐ-CP, Luật Tổ chức
chính quyền địa phương 2025.  The people and numbers are made up.

Writes ``ke_hoach_2026_phuong.docx`` (python-docx, through ``tests.corpus.build_docx``, so the
bytes are the same on every run) and ``ke_hoach_2026_phuong.txt``, the same text in reading
order (paragraphs, table rows as cells joined by " | ").
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from tests.corpus import Block, DocSpec, Issuer, Para, Signer, Table, build_docx

SEED = 2026
NAME = "ke_hoach_2026_phuong"
WARD = "phường Bình Trị Đông"
DATE = dt.date(2026, 1, 16)
NUMBER = "27/KH-UBND"
SUBJECT = (
    "Phát động phong trào thi đua “Dạy tốt – Học tốt, xây dựng trường học hạnh phúc”",
    "trong các trường mầm non, tiểu học, trung học cơ sở trên địa bàn phường năm 2026",
)
OFFICE = "Phòng Văn hóa – Xã hội phường"

# (number, content, lead agency, partner) — the contents of section III and the table of VI.1.
CONTENTS: tuple[tuple[int, str, str, str], ...] = (
    (
        1,
        "Đổi mới phương pháp dạy học, kiểm tra, đánh giá theo Chương trình giáo dục phổ thông "
        "2018 và Chương trình giáo dục mầm non; nâng cao chất lượng giáo dục toàn diện, chất "
        "lượng học sinh giỏi và chất lượng chăm sóc, nuôi dưỡng trẻ.",
        "Phòng Văn hóa – Xã hội",
        "Các trường",
    ),
    (
        2,
        "Đẩy mạnh chuyển đổi số trong quản lý và dạy học: hồ sơ, sổ sách điện tử, học bạ số, "
        "thanh toán không dùng tiền mặt; mỗi giáo viên có ít nhất một bài giảng điện tử được "
        "đưa lên kho học liệu của trường.",
        "Phòng Văn hóa – Xã hội",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
    ),
    (
        3,
        "Xây dựng trường học an toàn, thân thiện, hạnh phúc; phòng, chống bạo lực học đường; "
        "bảo đảm an toàn thực phẩm trong bếp ăn bán trú, không để xảy ra ngộ độc thực phẩm.",
        "Phòng Văn hóa – Xã hội",
        "Công an phường, Trạm Y tế phường",
    ),
    (
        4,
        "Giữ vững kết quả phổ cập giáo dục mầm non cho trẻ em 5 tuổi, phổ cập giáo dục tiểu "
        "học và trung học cơ sở; vận động trẻ trong độ tuổi ra lớp, không để học sinh bỏ học.",
        "Phòng Văn hóa – Xã hội",
        "Ban Chỉ đạo phổ cập giáo dục phường",
    ),
    (
        5,
        "Xây dựng cảnh quan trường học xanh – sạch – đẹp; phân loại chất thải rắn sinh hoạt "
        "tại nguồn; sử dụng tiết kiệm điện, nước.",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa – Xã hội",
    ),
    (
        6,
        "Thực hiện tốt công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ; bảo đảm trật tự, an "
        "toàn giao thông trước cổng trường giờ tan học.",
        "Công an phường",
        "Các trường",
    ),
    (
        7,
        "Thực hiện dân chủ ở cơ sở, công khai tài chính, công khai các khoản thu đầu năm học; "
        "giải quyết đúng hạn 100% hồ sơ chuyển trường, xác nhận của học sinh.",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường",
        "Phòng Văn hóa – Xã hội",
    ),
)

SHORT = {
    1: "Đổi mới phương pháp dạy học, kiểm tra, đánh giá",
    2: "Chuyển đổi số trong quản lý và dạy học",
    3: "Trường học an toàn, thân thiện, hạnh phúc",
    4: "Phổ cập giáo dục, chống bỏ học",
    5: "Trường học xanh – sạch – đẹp",
    6: "Phòng cháy, chữa cháy; an toàn giao thông",
    7: "Dân chủ cơ sở, công khai tài chính",
}


def _h(text: str) -> Para:
    return Para(text, bold=True, indent=False, align="left")


def _sub(text: str) -> Para:
    return Para(text, bold=True, italic=True, indent=True, align="left")


def body() -> tuple[Block, ...]:
    """The plan's body, from its legal bases to its closing line."""
    blocks: list[Block] = [
        Para("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", italic=True),
        Para("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True),
        Para(
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
            "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
            "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;",
            italic=True,
        ),
        Para(
            "Căn cứ tình hình thực tế của ngành giáo dục trên địa bàn phường, Ủy ban nhân dân "
            f"{WARD} ban hành Kế hoạch phát động phong trào thi đua năm 2026 trong các trường "
            "mầm non, tiểu học, trung học cơ sở như sau:"
        ),
        _h("I. MỤC ĐÍCH, YÊU CẦU"),
        Para(
            "1. Tạo khí thế thi đua sôi nổi trong đội ngũ cán bộ quản lý, giáo viên, nhân viên "
            "và học sinh các trường; góp phần hoàn thành thắng lợi nhiệm vụ năm học 2025 – 2026 "
            "và năm học 2026 – 2027."
        ),
        Para(
            "2. Phát hiện, bồi dưỡng, nhân rộng các mô hình mới, cách làm hay, sáng kiến, giải "
            "pháp hiệu quả; khen thưởng kịp thời, đúng người, đúng thành tích."
        ),
        Para(
            "3. Việc đăng ký, tổ chức thi đua phải thiết thực, tránh hình thức; mỗi trường đăng "
            "ký công trình, phần việc cụ thể, có thời gian hoàn thành."
        ),
        _h("II. ĐỐI TƯỢNG VÀ THỜI GIAN THI ĐUA"),
        Para(
            "1. Đối tượng: các trường mầm non, tiểu học, trung học cơ sở công lập trên địa bàn "
            "phường và tập thể, cá nhân thuộc các trường (danh sách kèm theo)."
        ),
        Para(
            "2. Thời gian: từ ngày ký ban hành Kế hoạch đến hết ngày 15 tháng 11 năm 2026; sơ "
            "kết, khen thưởng nhân dịp kỷ niệm Ngày Nhà giáo Việt Nam 20/11/2026."
        ),
        _h("III. NỘI DUNG THI ĐUA"),
        Para("Mỗi trường chọn đăng ký ít nhất 03 trong 07 nội dung sau:", indent=True),
        *(Para(f"{no}. {text}") for no, text, _, _ in CONTENTS),
        _h("IV. TIẾN ĐỘ THỰC HIỆN"),
        Para(
            "1. Các trường xây dựng kế hoạch phát động phong trào thi đua tại đơn vị, gửi về Ủy "
            f"ban nhân dân phường (qua {OFFICE}) chậm nhất ngày 30/01/2026."
        ),
        Para(
            "2. Bản đăng ký nội dung thi đua của trường, ghi rõ nội dung đăng ký, tên "
            "công trình, phần việc và thời gian dự kiến hoàn thành: chậm nhất ngày 06/02/2026."
        ),
        Para(
            "3. Hồ sơ đề nghị khen thưởng (mục V.3): chậm nhất ngày 02/11/2026; hồ sơ gửi sau "
            "thời hạn trên sẽ không được xem xét."
        ),
        Para("4. Báo cáo kết quả thực hiện phong trào thi đua: chậm nhất ngày 10/11/2026."),
        Para(
            f"5. {OFFICE} tổng hợp, trình Hội đồng Thi đua – Khen thưởng phường xét; Ủy ban "
            "nhân dân phường trình Ủy ban nhân dân Thành phố (qua Sở Nội vụ) hồ sơ đề nghị tặng "
            "Bằng khen chậm nhất ngày 20/11/2026."
        ),
        _h("V. HÌNH THỨC, TIÊU CHUẨN VÀ HỒ SƠ KHEN THƯỞNG"),
        _sub("1. Hình thức khen thưởng"),
        Para(
            "a) Giấy khen của Chủ tịch Ủy ban nhân dân phường: tặng tập thể, cá nhân có thành "
            "tích xuất sắc trong phong trào thi đua; mỗi trường đề nghị không quá 01 tập thể và "
            "03 cá nhân. Chủ tịch Ủy ban nhân dân phường quyết định theo thẩm quyền."
        ),
        Para(
            "b) Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố: tặng tập thể, cá nhân tiêu "
            "biểu xuất sắc, được chọn trong số đề nghị tặng Giấy khen; Ủy ban nhân dân phường "
            "xem xét, trình Chủ tịch Ủy ban nhân dân Thành phố quyết định."
        ),
        _sub("2. Tiêu chuẩn"),
        Para(
            "a) Tập thể: có văn bản đăng ký thi đua gửi đúng thời hạn tại mục IV; hoàn thành "
            "các công trình, phần việc đã đăng ký."
        ),
        Para(
            "b) Cá nhân: hoàn thành xuất sắc nhiệm vụ, có mô hình, sáng kiến hoặc giải pháp "
            "được áp dụng hiệu quả tại đơn vị, được nêu rõ trong báo cáo thành tích."
        ),
        Para(
            "c) Hiệu trưởng chỉ được đề nghị khen thưởng khi tập thể trường do mình lãnh đạo "
            "được đề nghị khen thưởng và đủ tiêu chuẩn."
        ),
        _sub("3. Hồ sơ đề nghị khen thưởng"),
        Para(
            "Thực hiện theo Nghị định số 152/2025/NĐ-CP; mỗi hồ sơ gồm (01 bộ bản chính, kèm "
            "tệp điện tử gửi qua hộp thư công vụ):"
        ),
        Para("- Tờ trình đề nghị khen thưởng của trường, kèm danh sách tập thể, cá nhân;"),
        Para("- Biên bản họp Hội đồng Thi đua – Khen thưởng của trường;"),
        Para(
            "- Báo cáo thành tích của tập thể, cá nhân được đề nghị, theo mẫu tại Phụ lục ban "
            "hành kèm theo Nghị định số 152/2025/NĐ-CP, có xác nhận của Hiệu trưởng."
        ),
        _h("VI. TỔ CHỨC THỰC HIỆN"),
        _sub("1. Phân công theo dõi, đánh giá nội dung thi đua"),
        Table(
            rows=(
                ("STT", "Nội dung thi đua", "Cơ quan chủ trì theo dõi", "Cơ quan phối hợp"),
                *((f"{no}", SHORT[no], lead, partner) for no, _, lead, partner in CONTENTS),
            ),
            widths_cm=(1.2, 5.5, 5.0, 4.8),
        ),
        Para(
            f"2. {OFFICE}: là cơ quan thường trực, hướng dẫn các trường đăng ký thi đua, tiếp "
            "nhận văn bản, tổng hợp hồ sơ và tham mưu Ủy ban nhân dân phường sơ kết, khen "
            "thưởng."
        ),
        Para(
            "3. Hiệu trưởng các trường: tổ chức phát động, đăng ký và báo cáo đúng thời hạn; "
            "chịu trách nhiệm về tính chính xác của hồ sơ đề nghị khen thưởng."
        ),
        Para(
            "Trong quá trình thực hiện, nếu có vướng mắc, các trường liên hệ "
            f"{OFFICE} để được hướng dẫn./."
        ),
    ]
    return tuple(blocks)


def spec() -> DocSpec:
    """The plan as one administrative document."""
    return DocSpec(
        issuer=Issuer(name="PHƯỜNG BÌNH TRỊ ĐÔNG", parent="ỦY BAN NHÂN DÂN"),
        number=NUMBER,
        date=DATE,
        doc_type="KẾ HOẠCH",
        subject=SUBJECT,
        body=body(),
        recipients=(
            "- Sở Nội vụ Thành phố (để báo cáo);",
            "- Sở Giáo dục và Đào tạo (để biết);",
            "- Thường trực Đảng ủy phường;",
            "- Chủ tịch, các Phó Chủ tịch UBND phường;",
            "- Văn phòng HĐND và UBND phường;",
            "- Phòng Văn hóa – Xã hội phường;",
            "- Các trường MN, TH, THCS trên địa bàn phường;",
            "- Lưu: VT, VHXH.",
        ),
        signers=(
            Signer(
                title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                name="Lâm Thị Ngọc Hân",
                on_behalf="TM. ỦY BAN NHÂN DÂN",
            ),
        ),
        place="Bình Trị Đông",
        font_size=14,
        author="VHXH-PBTĐ",
    )


def docx_text(data: bytes) -> str:
    """The document's text in reading order: paragraphs, then table rows as " | "-joined cells
    (a table in a table cell is read row by row too)."""
    document = Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(parent: object, elements: Sequence[object]) -> None:
        for el in elements:
            tag = getattr(el, "tag", "")
            if tag.endswith("}p"):
                lines.append(Paragraph(el, parent).text)  # type: ignore[arg-type]
            elif tag.endswith("}tbl"):
                table = DocxTable(el, parent)  # type: ignore[arg-type]
                for row in table.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        text = "\n".join(p.text for p in cell.paragraphs).strip()
                        if not cells or text != cells[-1]:
                            cells.append(text)
                    lines.append(" | ".join(cells))

    walk(document, list(document.element.body))
    return "\n".join(lines).strip() + "\n"


def write(out: Path) -> list[Path]:
    """Write the DOCX and its text copy under ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    data = build_docx(spec(), SEED)
    docx_path, txt_path = out / f"{NAME}.docx", out / f"{NAME}.txt"
    docx_path.write_bytes(data)
    txt_path.write_text(docx_text(data), encoding="utf-8")
    return [docx_path, txt_path]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("samples/plans"))
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
