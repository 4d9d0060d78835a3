"""Build the 2026 sample inbox of the ward's campaign (config/campaign_2026_phuong.yaml).

    python -m tests.make_inbox_2026 [--out samples/inbox_2026_phuong] [--seed 2026]

Six of the ten schools of Phường Bình Trị Đông e-mail their plans, registrations, proposals,
council minutes, achievement reports and result reports to the ward's Phòng Văn hóa – Xã hội;
four send nothing.  The documents are laid out by ``tests.corpus.build_docx`` (Word-like runs,
deterministic for a seed) and arrive as saved e-mails built by ``tests.corpus.build_eml``;
files are written by ``tests.make_samples.write_inbox``.  DOCX only: no LibreOffice needed.

The expected outcome, tests/expected/sample_2026_phuong_units.csv and
sample_2026_phuong_nominees.csv, was written by hand from the ward's plan
(samples/plans/ke_hoach_2026_phuong.txt) as of ``AS_OF``, before running the pipeline;
tests/test_end_to_end_campaigns.py checks the pipeline against it.  The cases: on-time
dossiers (eligible, one Bằng khen for the Tờ trình), a teacher voted down (NOT_IN_MINUTES), a
late registration (REGISTRATION_LATE, the collective NOT_REGISTERED), a report naming no model
(NO_MODEL_OR_SOLUTION), a late dossier (PROPOSAL_LATE), dossiers without minutes
(MISSING_MINUTES, HEAD_WITHOUT_COLLECTIVE), a registration with a placeholder, a content
number outside the plan and a completion after the period, late and missing documents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.corpus import (
    DEFAULT_STYLE,
    FORM_HEADER,
    MINUTES_HEADER,
    PROPOSAL_HEADER,
    Block,
    Cell,
    DocSpec,
    Para,
    Sender,
    Signer,
    Table,
    build_docx,
    build_eml,
    long_date,
    seed_for,
)
from tests.corpus import _spec as corpus_spec
from tests.make_samples import write_inbox

DEFAULT_SEED = 2026
AS_OF = "2026-11-20"
PARENT = "UBND PHƯỜNG BÌNH TRỊ ĐÔNG"
PLACE = "Bình Trị Đông"
OFFICE = "Phòng Văn hóa – Xã hội phường Bình Trị Đông"
OFFICE_EMAIL = "Phòng Văn hóa – Xã hội phường Bình Trị Đông <vhxh.binhtridong@tphcm.gov.vn>"
PLAN = "Kế hoạch số 27/KH-UBND ngày 16 tháng 01 năm 2026 của Ủy ban nhân dân phường Bình Trị Đông"
MOVEMENT = "phong trào thi đua “Dạy tốt – Học tốt, xây dựng trường học hạnh phúc” năm 2026"
GK = "Giấy khen của Chủ tịch UBND phường"
BK = "Bằng khen của Chủ tịch UBND Thành phố"
CONTENTS = {
    1: "Đổi mới phương pháp dạy học, kiểm tra, đánh giá",
    2: "Chuyển đổi số trong quản lý và dạy học",
    3: "Trường học an toàn, thân thiện, hạnh phúc",
    4: "Phổ cập giáo dục, chống bỏ học",
    5: "Trường học xanh – sạch – đẹp",
    9: "Xây dựng thư viện thân thiện",  # not a content of the plan
}


def school(name: str, header: str, code: str, head: str, email: str) -> Sender:
    return Sender(name=name, header=header, code=code, head=head, parent=PARENT, email=email)


THCS_BTD = school(
    "Trường THCS Bình Trị Đông",
    "TRƯỜNG THCS BÌNH TRỊ ĐÔNG",
    "THCSBTĐ",
    "Nguyễn Văn An",
    "thcsbinhtridong@hcm.edu.vn",
)
TH_BTD = school(
    "Trường Tiểu học Bình Trị Đông",
    "TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG",
    "THBTĐ",
    "Hồ Thị Lan",
    "thbinhtridong@hcm.edu.vn",
)
MN_HC = school(
    "Trường Mầm non Hoa Cúc",
    "TRƯỜNG MẦM NON HOA CÚC",
    "MNHC",
    "Lý Thị Kim Oanh",
    "mnhoacuc.binhtridong@hcm.edu.vn",
)
TH_LCP = school(
    "Trường Tiểu học Lê Công Phép",
    "TRƯỜNG TIỂU HỌC LÊ CÔNG PHÉP",
    "THLCP",
    "Phan Văn Khải",
    "thlecongphep.binhtridong@hcm.edu.vn",
)
THCS_HB = school(
    "Trường THCS Hồng Bàng",
    "TRƯỜNG THCS HỒNG BÀNG",
    "THCSHB",
    "Đặng Quốc Huy",
    "thcshongbang.binhtridong@hcm.edu.vn",
)
MN_VA = school(
    "Trường Mầm non Vàng Anh",
    "TRƯỜNG MẦM NON VÀNG ANH",
    "MNVA",
    "Trịnh Thị Mỹ",
    "mnvanganh.binhtridong@hcm.edu.vn",
)


# ------------------------------------------------------------------------------ documents


def _spec(
    sender: Sender,
    *,
    number: str,
    date: dt.date,
    doc_type: str,
    subject: Sequence[str],
    body: Sequence[Block],
    signers: Sequence[Signer] | None = None,
    addressee: str = "",
    recipients: Sequence[str] = ("- Phòng Văn hóa – Xã hội phường;", "- Lưu: VT."),
) -> DocSpec:
    """The corpus's document spec, placed in the ward, with the ward's recipients."""
    return corpus_spec(
        sender,
        DEFAULT_STYLE,
        number=number,
        date=date,
        doc_type=doc_type,
        subject=subject,
        body=body,
        recipients=recipients,
        signers=signers,
        addressee=addressee,
        place=PLACE,
    )


def launch(sender: Sender, number: str, date: dt.date) -> DocSpec:
    body: list[Block] = [
        Para(f"Căn cứ {PLAN} về phát động {MOVEMENT};"),
        Para(f"{sender.name} xây dựng kế hoạch phát động phong trào thi đua như sau:"),
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True, indent=False, align="left"),
        Para(
            "Tạo khí thế thi đua trong toàn thể cán bộ, giáo viên, nhân viên; mỗi tổ chuyên môn "
            "đăng ký ít nhất một công trình, phần việc cụ thể."
        ),
        Para("II. THỜI GIAN", bold=True, indent=False, align="left"),
        Para("Từ ngày ban hành kế hoạch đến hết ngày 15/11/2026./."),
    ]
    return _spec(
        sender,
        number=number,
        date=date,
        doc_type="KẾ HOẠCH",
        subject=[f"Phát động {MOVEMENT}"],
        body=body,
    )


def registration(
    sender: Sender, number: str, date: dt.date, rows: Sequence[tuple[int, str, str]]
) -> DocSpec:
    """The registration form: (content number, project, expected completion) per row."""
    cells: list[tuple[Cell, ...]] = [FORM_HEADER]
    cells += [(f"{no}.", CONTENTS[no], project, when) for no, project, when in rows]
    body: list[Block] = [
        Para(f"Thực hiện {PLAN} về phát động {MOVEMENT}, {sender.name} đăng ký như sau:"),
        Table(rows=tuple(cells), widths_cm=(1.3, 6.2, 6.0, 3.0)),
        Para(f"{sender.name} cam kết hoàn thành các công trình đã đăng ký đúng tiến độ./."),
    ]
    return _spec(
        sender,
        number=number,
        date=date,
        doc_type="BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA",
        subject=[f"Hưởng ứng {MOVEMENT}"],
        body=body,
    )


def result_report(sender: Sender, number: str, date: dt.date, results: Sequence[str]) -> DocSpec:
    body: list[Block] = [
        Para(f"Thực hiện {PLAN}, {sender.name} báo cáo kết quả như sau:"),
        Para("I. KẾT QUẢ THỰC HIỆN", bold=True, indent=False, align="left"),
        *(Para(r) for r in results),
        Para("II. ĐÁNH GIÁ CHUNG", bold=True, indent=False, align="left"),
        Para("Phong trào được triển khai nghiêm túc; các công trình đăng ký đều hoàn thành./."),
    ]
    return _spec(
        sender,
        number=number,
        date=date,
        doc_type="BÁO CÁO",
        subject=[f"Kết quả thực hiện {MOVEMENT}"],
        body=body,
    )


@dataclass(frozen=True)
class Nominee:
    name: str
    position: str  # "" for the collective
    award: str
    votes: str = "25/27"
    passed: bool = True
    achievement: str = ""  # "" sends no achievement report for this nominee


def proposal(sender: Sender, number: str, date: dt.date, nominees: Sequence[Nominee]) -> DocSpec:
    rows: list[tuple[Cell, ...]] = [PROPOSAL_HEADER]
    rows += [(f"{i}.", n.name, n.position, n.award) for i, n in enumerate(nominees, start=1)]
    body: list[Block] = [
        Para(f"Căn cứ {PLAN} về phát động {MOVEMENT};"),
        Para(f"Căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng {sender.name};"),
        Para(
            f"{sender.name} kính trình Ủy ban nhân dân phường xem xét, khen thưởng các tập thể, "
            "cá nhân có thành tích xuất sắc sau:"
        ),
        Table(rows=tuple(rows), widths_cm=(1.2, 5.3, 4.5, 5.5)),
        Para("Kính trình Ủy ban nhân dân phường xem xét, quyết định./."),
    ]
    return _spec(
        sender,
        number=number,
        date=date,
        doc_type="TỜ TRÌNH",
        subject=[f"Về việc đề nghị khen thưởng trong {MOVEMENT}"],
        body=body,
        addressee=f"Kính gửi: Ủy ban nhân dân phường Bình Trị Đông (qua {OFFICE})",
        recipients=("- Như trên;", "- Lưu: VT, TĐKT."),
    )


def minutes(sender: Sender, date: dt.date, nominees: Sequence[Nominee]) -> DocSpec:
    rows: list[tuple[Cell, ...]] = [MINUTES_HEADER]
    for i, n in enumerate(nominees, start=1):
        result = "Thông qua" if n.passed else "Không thông qua"
        rows.append((f"{i}.", n.name, n.position, n.award, n.votes, result))
    body: list[Block] = [
        Para(
            f"Vào lúc 14 giờ 00, {long_date(date)}, tại phòng họp {sender.name}, Hội đồng Thi "
            f"đua – Khen thưởng đơn vị họp xét đề nghị khen thưởng trong {MOVEMENT}."
        ),
        Para(f"Thành phần: Hội đồng Thi đua – Khen thưởng {sender.name}, có mặt 9/9 thành viên."),
        Para(f"Chủ trì: {sender.head} - Hiệu trưởng, Chủ tịch Hội đồng."),
        Para("Thư ký: Ngô Thị Thanh Hương."),
        Para("NỘI DUNG", bold=True, indent=False, align="left"),
        Para("Hội đồng bỏ phiếu kín; kết quả như sau:"),
        Table(rows=tuple(rows), widths_cm=(1.1, 4.4, 3.0, 3.6, 2.0, 2.4)),
        Para("Biên bản đã được đọc lại và các thành viên thống nhất thông qua./."),
    ]
    return _spec(
        sender,
        number="",
        date=date,
        doc_type="BIÊN BẢN",
        subject=[f"Họp Hội đồng Thi đua – Khen thưởng {sender.name}"],
        body=body,
        signers=(
            Signer(title="THƯ KÝ", name="Ngô Thị Thanh Hương"),
            Signer(title="CHỦ TỊCH HỘI ĐỒNG", name=sender.head, on_behalf="TM. HỘI ĐỒNG"),
        ),
        recipients=(),
    )


def achievement(sender: Sender, date: dt.date, nominee: Nominee) -> DocSpec:
    if nominee.position:
        intro: list[Block] = [
            Para("I. SƠ LƯỢC LÝ LỊCH", bold=True, indent=False, align="left"),
            Para(f"Họ và tên: {nominee.name}", indent=False),
            Para(f"Chức vụ: {nominee.position}", indent=False),
            Para(f"Đơn vị công tác: {sender.name}", indent=False),
        ]
        signers: tuple[Signer, ...] = (
            Signer(title="HIỆU TRƯỞNG", name=sender.head, on_behalf="XÁC NHẬN CỦA THỦ TRƯỞNG"),
            Signer(title="NGƯỜI BÁO CÁO", name=nominee.name),
        )
    else:
        intro = [
            Para("I. ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, indent=False, align="left"),
            Para(f"Tên tập thể: {nominee.name}", indent=False),
        ]
        signers = (Signer(title="HIỆU TRƯỞNG", name=sender.head),)
    body: list[Block] = [
        *intro,
        Para("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False, align="left"),
        Para(nominee.achievement),
    ]
    return _spec(
        sender,
        number="",
        date=date,
        doc_type="BÁO CÁO TÓM TẮT THÀNH TÍCH",
        subject=[f"Đề nghị tặng {nominee.award}"],
        body=body,
        signers=signers,
        recipients=(),
    )


# ------------------------------------------------------------------------------ deliveries


@dataclass(frozen=True)
class Mail:
    path: str
    sender: Sender
    sent: str  # "2026-01-26 09:15" (+07:00)
    subject: str
    attachments: tuple[tuple[str, DocSpec], ...]


def _mail_date(sent: str) -> str:
    when = dt.datetime.strptime(sent, "%Y-%m-%d %H:%M")
    return when.strftime("%a, %d %b %Y %H:%M:00 +0700")


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def deliveries() -> list[Mail]:
    """Every e-mail of the sample inbox, in the order they arrived."""
    btd_nominees = (
        Nominee(
            "Trường THCS Bình Trị Đông",
            "",
            GK,
            achievement="Nhà trường triển khai mô hình “Lớp học số” ở 100% khối lớp; sáng kiến "
            "học bạ số được áp dụng hiệu quả.",
        ),
        Nominee(
            "Ông Nguyễn Văn An",
            "Hiệu trưởng",
            GK,
            achievement="Chỉ đạo xây dựng mô hình trường học hạnh phúc; giải pháp quản lý bằng "
            "học bạ số được áp dụng hiệu quả tại đơn vị.",
        ),
        Nominee(
            "Bà Trần Thị Bích",
            "Giáo viên Toán",
            BK,
            achievement="Tác giả sáng kiến “Dạy học Toán theo dự án gắn với thực tiễn địa "
            "phương”, được áp dụng hiệu quả trong toàn trường.",
        ),
    )
    th_nominees = (
        Nominee(
            "Trường Tiểu học Bình Trị Đông",
            "",
            GK,
            achievement="Nhà trường áp dụng giải pháp “Thư viện xanh” giúp 100% học sinh đọc "
            "sách mỗi tuần.",
        ),
        Nominee(
            "Bà Lê Thị Hoa",
            "Giáo viên chủ nhiệm lớp 3/2",
            GK,
            votes="4/9",
            passed=False,
            achievement="Có giải pháp rèn chữ viết cho học sinh lớp 3.",
        ),
    )
    hc_nominees = (
        Nominee(
            "Trường Mầm non Hoa Cúc",
            "",
            GK,
            achievement="Nhà trường thực hiện mô hình “Bếp ăn an toàn” đạt chuẩn của Thành phố.",
        ),
        Nominee(
            "Bà Phạm Thị Thu",
            "Giáo viên",
            GK,
            achievement="Hoàn thành tốt nhiệm vụ được giao; tham gia đầy đủ các phong trào.",
        ),
    )
    lcp_nominees = (
        Nominee(
            "Ông Võ Minh Tâm",
            "Giáo viên Tin học",
            GK,
            achievement="Sáng kiến dạy lập trình Scratch cho học sinh lớp 4, lớp 5.",
        ),
    )
    hb_nominees = (
        Nominee(
            "Trường THCS Hồng Bàng",
            "",
            BK,
            achievement="Nhà trường nhân rộng mô hình “Trường học không khói thuốc”.",
        ),
        Nominee(
            "Ông Đặng Quốc Huy",
            "Hiệu trưởng",
            GK,
            achievement="Chỉ đạo thực hiện giải pháp chuyển đổi số trong quản lý nhà trường.",
        ),
    )

    def dossier(
        sender: Sender, number: str, date: str, nominees: Sequence[Nominee], *, with_minutes: bool
    ) -> tuple[tuple[str, DocSpec], ...]:
        day = _d(date)
        files: list[tuple[str, DocSpec]] = [
            ("To_trinh.docx", proposal(sender, number, day, nominees))
        ]
        if with_minutes:
            files.append(("Bien_ban_HDTDKT.docx", minutes(sender, day, nominees)))
        for i, n in enumerate(nominees, start=1):
            if n.achievement:
                files.append((f"Bao_cao_thanh_tich_{i}.docx", achievement(sender, day, n)))
        return tuple(files)

    return [
        Mail(
            "2026-01-26_thcs_binh_tri_dong_phat_dong_dang_ky.eml",
            THCS_BTD,
            "2026-01-26 09:15",
            "Kế hoạch phát động và bản đăng ký thi đua năm 2026",
            (
                ("Ke_hoach_phat_dong.docx", launch(THCS_BTD, "12/KH-THCSBTĐ", _d("2026-01-26"))),
                (
                    "Dang_ky_thi_dua.docx",
                    registration(
                        THCS_BTD,
                        "13/ĐK-THCSBTĐ",
                        _d("2026-01-26"),
                        [
                            (1, "Chuyên đề dạy học Toán theo dự án", "Tháng 5/2026"),
                            (2, "Triển khai học bạ số cho 100% học sinh", "Tháng 9/2026"),
                            (3, "Mô hình “Góc tư vấn tâm lý học đường”", "Tháng 10/2026"),
                        ],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-01-28_mn_hoa_cuc_phat_dong.eml",
            MN_HC,
            "2026-01-28 15:40",
            "Kế hoạch phát động thi đua",
            (("Ke_hoach.docx", launch(MN_HC, "05/KH-MNHC", _d("2026-01-28"))),),
        ),
        Mail(
            "2026-01-29_mn_vang_anh_phat_dong_dang_ky.eml",
            MN_VA,
            "2026-01-29 08:05",
            "Phát động và đăng ký thi đua",
            (
                ("Ke_hoach.docx", launch(MN_VA, "03/KH-MNVA", _d("2026-01-29"))),
                (
                    "Dang_ky.docx",
                    registration(
                        MN_VA,
                        "04/ĐK-MNVA",
                        _d("2026-01-29"),
                        [
                            (5, "Vườn rau sạch của bé", "Tháng 12/2026"),
                            (3, "Tên công trình, phần việc", "Tháng 6/2026"),
                            (9, "Góc đọc sách cho trẻ", "Tháng 5/2026"),
                        ],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-01-29_th_binh_tri_dong_phat_dong_dang_ky.eml",
            TH_BTD,
            "2026-01-29 10:30",
            "Kế hoạch phát động, đăng ký thi đua",
            (
                ("Ke_hoach_phat_dong.docx", launch(TH_BTD, "08/KH-THBTĐ", _d("2026-01-29"))),
                (
                    "Dang_ky.docx",
                    registration(
                        TH_BTD,
                        "09/ĐK-THBTĐ",
                        _d("2026-01-29"),
                        [
                            (1, "Thư viện xanh – mỗi tuần một cuốn sách", "Tháng 5/2026"),
                            (4, "Vận động 100% trẻ 6 tuổi vào lớp 1", "Tháng 9/2026"),
                        ],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-02-02_thcs_hong_bang_phat_dong_dang_ky.eml",
            THCS_HB,
            "2026-02-02 16:20",
            "Kế hoạch phát động và đăng ký thi đua",
            (
                ("Ke_hoach.docx", launch(THCS_HB, "15/KH-THCSHB", _d("2026-02-02"))),
                (
                    "Dang_ky.docx",
                    registration(
                        THCS_HB,
                        "16/ĐK-THCSHB",
                        _d("2026-02-02"),
                        [(3, "Trường học không khói thuốc", "Tháng 10/2026")],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-02-05_th_le_cong_phep_dang_ky.eml",
            TH_LCP,
            "2026-02-05 11:00",
            "Đăng ký thi đua",
            (
                (
                    "Dang_ky.docx",
                    registration(
                        TH_LCP,
                        "06/ĐK-THLCP",
                        _d("2026-02-05"),
                        [(2, "Câu lạc bộ lập trình Scratch", "Tháng 10/2026")],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-02-10_mn_hoa_cuc_dang_ky.eml",
            MN_HC,
            "2026-02-10 09:00",
            "Đăng ký thi đua (gửi bổ sung)",
            (
                (
                    "Dang_ky.docx",
                    registration(
                        MN_HC,
                        "06/ĐK-MNHC",
                        _d("2026-02-09"),
                        [(3, "Bếp ăn an toàn đạt chuẩn", "Tháng 9/2026")],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-10-27_thcs_hong_bang_ho_so.eml",
            THCS_HB,
            "2026-10-27 14:00",
            "Hồ sơ đề nghị khen thưởng",
            # The council's minutes were not sent.
            dossier(THCS_HB, "40/TTr-THCSHB", "2026-10-27", hb_nominees, with_minutes=False),
        ),
        Mail(
            "2026-10-28_thcs_binh_tri_dong_ho_so.eml",
            THCS_BTD,
            "2026-10-28 08:30",
            "Hồ sơ đề nghị khen thưởng năm 2026",
            dossier(THCS_BTD, "52/TTr-THCSBTĐ", "2026-10-28", btd_nominees, with_minutes=True),
        ),
        Mail(
            "2026-10-29_mn_hoa_cuc_ho_so.eml",
            MN_HC,
            "2026-10-29 10:10",
            "Hồ sơ khen thưởng",
            dossier(MN_HC, "21/TTr-MNHC", "2026-10-29", hc_nominees, with_minutes=True),
        ),
        Mail(
            "2026-10-30_th_binh_tri_dong_ho_so.eml",
            TH_BTD,
            "2026-10-30 15:45",
            "Hồ sơ đề nghị khen thưởng",
            dossier(TH_BTD, "33/TTr-THBTĐ", "2026-10-30", th_nominees, with_minutes=True),
        ),
        Mail(
            "2026-11-04_th_le_cong_phep_ho_so.eml",
            TH_LCP,
            "2026-11-04 09:20",
            "Hồ sơ khen thưởng (gửi muộn)",
            dossier(TH_LCP, "18/TTr-THLCP", "2026-11-04", lcp_nominees, with_minutes=True),
        ),
        Mail(
            "2026-11-05_thcs_binh_tri_dong_bao_cao.eml",
            THCS_BTD,
            "2026-11-05 10:00",
            "Báo cáo kết quả phong trào thi đua",
            (
                (
                    "Bao_cao_ket_qua.docx",
                    result_report(
                        THCS_BTD,
                        "60/BC-THCSBTĐ",
                        _d("2026-11-05"),
                        ["Hoàn thành 03/03 công trình đã đăng ký."],
                    ),
                ),
            ),
        ),
        Mail(
            "2026-11-09_th_binh_tri_dong_bao_cao.eml",
            TH_BTD,
            "2026-11-09 16:00",
            "Báo cáo kết quả",
            (
                (
                    "Bao_cao.docx",
                    result_report(
                        TH_BTD, "40/BC-THBTĐ", _d("2026-11-09"), ["Hoàn thành 02/02 công trình."]
                    ),
                ),
            ),
        ),
        Mail(
            "2026-11-10_mn_vang_anh_bao_cao.eml",
            MN_VA,
            "2026-11-10 17:30",
            "Báo cáo kết quả thi đua",
            (
                (
                    "Bao_cao.docx",
                    result_report(
                        MN_VA, "12/BC-MNVA", _d("2026-11-10"), ["Hoàn thành vườn rau sạch của bé."]
                    ),
                ),
            ),
        ),
        Mail(
            "2026-11-10_th_le_cong_phep_bao_cao.eml",
            TH_LCP,
            "2026-11-10 08:00",
            "Báo cáo kết quả",
            (
                (
                    "Bao_cao.docx",
                    result_report(
                        TH_LCP, "20/BC-THLCP", _d("2026-11-10"), ["Câu lạc bộ Scratch có 45 em."]
                    ),
                ),
            ),
        ),
        Mail(
            "2026-11-12_thcs_hong_bang_bao_cao.eml",
            THCS_HB,
            "2026-11-12 09:00",
            "Báo cáo kết quả (muộn)",
            (
                (
                    "Bao_cao.docx",
                    result_report(
                        THCS_HB, "45/BC-THCSHB", _d("2026-11-12"), ["Trường không khói thuốc."]
                    ),
                ),
            ),
        ),
    ]


def build_inbox(seed: int = DEFAULT_SEED) -> dict[str, bytes]:
    """Every file of the inbox (path relative to it → bytes)."""
    files: dict[str, bytes] = {}
    for mail in deliveries():
        attachments = [
            (name, build_docx(spec, seed_for(seed, f"{mail.path}#{name}")))
            for name, spec in mail.attachments
        ]
        sender = f"{mail.sender.name} <{mail.sender.email}>"
        files[mail.path] = build_eml(
            sender,
            OFFICE_EMAIL,
            _mail_date(mail.sent),
            mail.subject,
            attachments,
            body="Kính gửi Phòng Văn hóa – Xã hội phường,\nNhà trường gửi văn bản đính kèm.\n"
            "Trân trọng.",
        )
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("samples/inbox_2026_phuong"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    files = build_inbox(args.seed)
    write_inbox(files, args.out)
    print(f"{len(files)} files, {sum(len(b) for b in files.values()) // 1024} KB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
