"""The sample campaign as data: which unit sent which document, how it arrived, what it shows.

Every document is a ``Doc`` (a spec from ``tests.corpus`` plus the case it illustrates and the
rule or status it should produce); every way of arriving is a ``Mail`` (a saved e-mail with a
``Date`` header), a ``Filed`` file in a school's sub-folder (with or without a line in the
clerk's register ``so_den.csv``) or a ``Bundle`` (a zip in a sub-folder).  The roster is
``config/units.csv``; the demo judges "missing" as of ``AS_OF``.

The expected outcome is written by hand in ``tests/expected/`` from the plan's rules; the
notes below say why each expected row is what it is (``samples/README.md`` shows them).
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.config import CampaignConfig, load_config
from tests.corpus import (
    DocSpec,
    FormRow,
    Person,
    Proposed,
    Sender,
    Style,
    Vote,
    achievement_report,
    award_decision,
    council_minutes,
    invitation,
    launch_plan,
    proposal,
    registration_form,
    registration_letter,
    result_report,
)

REPO = Path(__file__).resolve().parent.parent
CONFIG_PATH = REPO / "config" / "campaign_2021.yaml"
AS_OF = "2021-07-10"
OFFICE_EMAIL = "Bộ phận Thi đua - Phòng GD&ĐT Bình Tân <tanxuanma@gmail.com>"
VN = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class Doc:
    """One document of the scenario and what it is there to show."""

    id: str
    kind: str  # the SPEC §3 doc_type it should be recognised as
    unit_id: str | None  # the roster unit that issued it (None: no roster unit)
    spec: DocSpec
    case: str  # what this document illustrates
    expect: str  # the rule or status it should lead to
    pdf: bool = False  # delivered as a LibreOffice PDF of the spec
    truncated: bool = False  # delivered cut short (an unreadable DOCX)

    @property
    def suffix(self) -> str:
        """The file extension it is delivered with."""
        return ".pdf" if self.pdf else ".docx"


@dataclass(frozen=True)
class Attachment:
    """A document inside an e-mail or a zip, under ``stem`` + the document's suffix."""

    stem: str
    doc: Doc

    @property
    def name(self) -> str:
        """The file name in the e-mail or archive."""
        return self.stem + self.doc.suffix


@dataclass(frozen=True)
class Mail:
    """A saved e-mail at ``path`` (relative to the inbox)."""

    path: str
    sender: str
    date: str  # RFC 2822, with the sender's offset
    subject: str
    body: str
    attachments: tuple[Attachment, ...]


@dataclass(frozen=True)
class Filed:
    """A document saved straight into a sub-folder; ``received`` is its register line."""

    folder: str
    stem: str
    doc: Doc
    received: str | None = None  # None: the clerk did not register it
    register_sender: str = ""

    @property
    def path(self) -> str:
        """The file's path relative to the inbox."""
        return f"{self.folder}/{self.stem}{self.doc.suffix}"


@dataclass(frozen=True)
class Bundle:
    """A zip of documents saved into a sub-folder and registered as one item."""

    path: str
    members: tuple[Attachment, ...]
    received: str | None
    register_sender: str = ""


Delivery = Mail | Filed | Bundle


def mail_date(day: str, time: str) -> str:
    """An RFC 2822 ``Date`` header in Vietnam time: ``("2021-05-05", "23:48")``."""
    moment = dt.datetime.fromisoformat(f"{day}T{time}:00").replace(tzinfo=VN)
    return email.utils.format_datetime(moment)


def docs_of(delivery: Delivery) -> list[tuple[str, Doc]]:
    """(source as SPEC §5 names it, document) for every document a delivery carries."""
    if isinstance(delivery, Filed):
        return [(delivery.path, delivery.doc)]
    if isinstance(delivery, Mail):
        return [(f"{delivery.path}#{a.name}", a.doc) for a in delivery.attachments]
    return [(f"{delivery.path}#{m.name}", m.doc) for m in delivery.members]


# ------------------------------------------------------------------------------ senders

BT = Sender(
    name="Trường THCS Bình Tân",
    header="TRƯỜNG THCS BÌNH TÂN",
    code="THCSBT",
    head="Trần Văn Hùng",
    deputy="Nguyễn Hoàng Nam",
    email="c2binhtan.binhtan@hcm.edu.vn",
)
TT = Sender(
    name="Trường THCS Tân Tạo",
    header="TRƯỜNG THCS TÂN TẠO",
    code="THCSTT",
    head="Bùi Văn Thành",
    deputy="Đoàn Thị Mỹ",
    email="c2tantao.binhtan@hcm.edu.vn",
)
LTK = Sender(
    name="Trường THCS Lý Thường Kiệt",
    header="TRƯỜNG THCS LÝ THƯỜNG KIỆT",
    code="THCSLTK",
    head="Nguyễn Thị Thu Hà",
    deputy="Phan Văn Lộc",
    email="c2lythuongkiet.binhtan@hcm.edu.vn",
)
HVN = Sender(
    name="Trường Trung học cơ sở Huỳnh Văn Nghệ",
    header="TRƯỜNG TRUNG HỌC CƠ SỞ HUỲNH VĂN NGHỆ",
    code="THCSHVN",
    head="Đinh Công Minh",
    email="c2huynhvannghe.binhtan@hcm.edu.vn",
)
BHH = Sender(
    name="Trường THCS Bình Hưng Hoà",  # old tone placement, as the school writes it
    header="TRƯỜNG THCS BÌNH HƯNG HOÀ",
    code="THCSBHH",
    head="Lưu Văn Tâm",
    email="c2binhhunghoa.binhtan@hcm.edu.vn",
)
AL = Sender(
    name="Trường THCS An Lạc",
    header="TRƯỜNG THCS AN LẠC",
    code="THCSAL",
    head="Châu Ngọc Anh",
    email="c2anlac.binhtan@hcm.edu.vn",
)
BT1 = Sender(
    name="Trường Tiểu học Bình Trị 1",
    header="TRƯỜNG TIỂU HỌC BÌNH TRỊ 1",
    code="THBT1",
    head="Lâm Quốc Dũng",
    deputy="Lê Văn Phúc",
    email="c1binhtri1.binhtan@hcm.edu.vn",
)
AL1 = Sender(
    name="Trường Tiểu học An Lạc 1",
    header="TRƯỜNG TIỂU HỌC AN LẠC 1",
    code="THAL1",
    head="Tạ Thị Kim Oanh",
    email="c1anlac1.binhtan@hcm.edu.vn",
)
KD = Sender(
    name="Trường Tiểu học Kim Đồng",
    header="TRƯỜNG TIỂU HỌC KIM ĐỒNG",
    code="THKĐ",
    head="Quách Văn Lợi",
    email="c1kimdong.binhtan@hcm.edu.vn",
)
HH = Sender(
    name="Trường Mầm non Hoa Hồng",
    header="TRƯỜNG MẦM NON HOA HỒNG",
    code="MNHH",
    head="Trịnh Thị Hồng Nhung",
    email="mnhoahong.binhtan@hcm.edu.vn",
)
SC = Sender(
    name="Trường Mầm non Sơn Ca",
    header="TRƯỜNG MẦM NON SƠN CA",
    code="MNSC",
    head="Vũ Thị Thanh Xuân",
    email="mnsonca.binhtan@hcm.edu.vn",
)
HM = Sender(
    name="Trường Mầm non Hoạ Mi",
    header="TRƯỜNG MẦM NON HOẠ MI",
    code="MNHM",
    head="Hà Thị Mỹ Linh",
    email="mnhoami.binhtan@hcm.edu.vn",
)
TTGD = Sender(
    name="Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên quận Bình Tân",
    header="TRUNG TÂM GDNN - GDTX QUẬN BÌNH TÂN",
    code="TTGDNN-GDTX",
    head="Phạm Minh Trí",
    head_title="Giám đốc",
    deputy="Hồ Thị Bảo Ngân",
    deputy_title="Phó Giám đốc",
    staff="cán bộ, giáo viên, nhân viên",
    email="ttgdnngdtx.binhtan@hcm.edu.vn",
)
CTY = Sender(
    name="Công ty Cổ phần Sách và Thiết bị trường học Bình Tân",
    header="CÔNG TY CỔ PHẦN SÁCH VÀ THIẾT BỊ TRƯỜNG HỌC BÌNH TÂN",
    code="STB",
    head="Ngô Thanh Bình",
    head_title="Giám đốc",
    parent="",
    staff="cán bộ, công nhân viên, người lao động",
    email="sachthietbi.binhtan@gmail.com",
)
COMMITTEE = Sender(
    name="Ủy ban nhân dân quận Bình Tân",
    header="ỦY BAN NHÂN DÂN QUẬN BÌNH TÂN",
    code="UBND",
    head="Nguyễn Minh Nhựt",
    head_title="Chủ tịch",
    parent="",
)
# Files that are no document at all, saved into the inbox with the rest: (path, bytes, why).
STRAY_FILES: tuple[tuple[str, bytes, str], ...] = (
    (
        "TH_Kim_Dong/Thumbs.db",
        bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
        "Windows' thumbnail cache, copied with the folder: NOT_A_DOCUMENT",
    ),
)

NVL = Sender(
    name="Trường THCS Nguyễn Văn Linh",
    header="TRƯỜNG THCS NGUYỄN VĂN LINH",
    code="THCSNVL",
    head="Trương Công Định",
    parent="UBND HUYỆN BÌNH CHÁNH",
    email="c2nguyenvanlinh.binhchanh@hcm.edu.vn",
)


def _from(sender: Sender) -> str:
    return f"{sender.name} <{sender.email}>"


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# -------------------------------------------------------------------------- the campaign

GK = "Giấy khen của Ủy ban nhân dân quận"
BK = "Bằng khen của Ủy ban nhân dân Thành phố Hồ Chí Minh"


@cache
def deliveries(config_path: Path = CONFIG_PATH) -> tuple[Delivery, ...]:
    """Every delivery of the sample inbox, in the order the office received them."""
    config = load_config(config_path)
    return (
        *_binh_tan(config),
        *_tan_tao(config),
        *_ly_thuong_kiet(config),
        *_huynh_van_nghe(config),
        *_binh_hung_hoa(),
        *_an_lac(config),
        *_binh_tri_1(config),
        *_an_lac_1(),
        *_kim_dong(config),
        *_hoa_hong(config),
        *_son_ca(config),
        *_hoa_mi(config),
        *_trung_tam(config),
        *_cong_ty(config),
        *_outsider(config),
    )


def _title(config: CampaignConfig, number: int) -> str:
    content = config.content(number)
    if content is None:
        raise KeyError(f"content {number} is not in the config")
    return content.title


def _binh_tan(config: CampaignConfig) -> list[Delivery]:
    unit = "thcs_binh_tan"
    launch = Doc(
        "bt_launch",
        "launch",
        unit,
        launch_plan(BT, "25/KH-THCSBT", _day("2021-05-03")),
        "launch plan, header as a borderless 2-column table",
        "launch on_time (e-mail 04/5)",
    )
    registration = Doc(
        "bt_registration",
        "registration",
        unit,
        registration_form(
            BT,
            "26/ĐK-THCSBT",
            _day("2021-05-05"),
            [
                FormRow(
                    "2.",
                    _title(config, 2),
                    (
                        "1. Xây dựng “Thư viện xanh – thân thiện” tại sân trường",
                        "2. Tổ chức Ngày hội đọc sách năm 2021",
                    ),
                    "Tháng 6/2021",
                ),
                FormRow("3.", _title(config, 3), ("Như trên",), "30/6/2021"),
                FormRow(
                    "9.",
                    _title(config, 9),
                    ("Ứng dụng phần mềm quản lý hồ sơ học sinh trực tuyến",),
                    "Quý II/2021",
                ),
            ],
            Style(font_size=14, deputy_signs=True),
        ),
        "official form DOCX, 14 pt, runs split mid-word; two projects in one cell; "
        "“Như trên” under a filled row; signed “KT. HIỆU TRƯỞNG”; e-mailed 05/5 at 23:48",
        "registration on_time (deadline day is inclusive); no finding: “Như trên” takes the "
        "two projects of content 2",
    )
    result = Doc(
        "bt_result",
        "result_report",
        unit,
        result_report(
            BT,
            "41/BC-THCSBT",
            _day("2021-06-21"),
            [
                "- Công trình “Thư viện xanh – thân thiện” hoàn thành ngày 28/5/2021, phục vụ "
                "hơn 1.200 lượt học sinh mỗi tháng.",
                "- Ngày hội đọc sách năm 2021 được tổ chức ngày 15/5/2021 với sự tham gia của "
                "100% học sinh.",
                "- Phần mềm quản lý hồ sơ học sinh trực tuyến được đưa vào sử dụng từ ngày "
                "01/6/2021.",
            ],
        ),
        "result report",
        "result_report on_time (e-mail 21/6)",
    )
    prop = Doc(
        "bt_proposal",
        "proposal",
        unit,
        proposal(
            BT,
            "45/TTr-THCSBT",
            _day("2021-06-14"),
            [
                Proposed("Tập thể Trường THCS Bình Tân", "", "BK UBND TP"),
                Proposed("Ông Trần Văn Hùng", "Hiệu trưởng", GK),
                Proposed("Bà Nguyễn Thị Mai", "Giáo viên", "GK UBND quận"),
                Proposed("Bà Phạm Thị Hòa", "Tổ trưởng chuyên môn", "Giấy khen của UBND quận"),
                Proposed("Ông Võ Minh Tuấn", "Giáo viên", "Giấy khen UBND quận"),
                Proposed("Bà Đặng Thị Lan", "Nhân viên", "Giấy khen của Chủ tịch UBND phường"),
            ],
            council_date=_day("2021-06-11"),
        ),
        "proposal with a nominee table; honorifics “Ông”/“Bà”; awards abbreviated "
        "(“BK UBND TP”, “GK UBND quận”)",
        "6 nominees, see the nominee table",
    )
    minutes = Doc(
        "bt_minutes",
        "council_minutes",
        unit,
        council_minutes(
            BT,
            "05/BB-HĐTĐKT",
            _day("2021-06-11"),
            [
                Vote(
                    "Tập thể Trường THCS Bình Tân",
                    "",
                    "Bằng khen của UBND Thành phố",
                    "17/17",
                    "Đạt",
                ),
                Vote("Trần Văn Hùng", "Hiệu trưởng", "Giấy khen của UBND quận", "16/17", "Đạt"),
                Vote("Nguyễn Thị Mai", "Giáo viên", "Giấy khen của UBND quận", "15/17", "Đạt"),
                Vote(
                    "Phạm Thị Hoà",
                    "Tổ trưởng chuyên môn",
                    "Giấy khen của UBND quận",
                    "14/17",
                    "Đạt",
                ),
                Vote("Võ Minh Tuấn", "Giáo viên", "Giấy khen của UBND quận", "6/17", "Không đạt"),
                Vote(
                    "Đặng Thị Lan",
                    "Nhân viên",
                    "Giấy khen của Chủ tịch UBND phường",
                    "15/17",
                    "Đạt",
                ),
            ],
            present=17,
            members=17,
            secretary="Lê Thị Thu",
            upper=True,
            style=Style(header="paragraphs"),
        ),
        "council minutes: names in UPPER CASE, “Hoà” (old tone placement), one row “Không đạt”",
        "approves all but Võ Minh Tuấn (6/17, Không đạt)",
    )
    reports = [
        Doc(
            "bt_ach_collective",
            "achievement_report",
            unit,
            achievement_report(
                BT,
                _day("2021-06-10"),
                BK,
                [
                    "Hoàn thành 100% chỉ tiêu nhiệm vụ năm học; tỉ lệ học sinh lên lớp đạt 99,2%.",
                    "Mô hình “Thư viện xanh – thân thiện” được áp dụng tại tất cả các lớp, thu hút "
                    "hơn 1.200 lượt học sinh đọc sách mỗi tháng.",
                    "Giải pháp “Số hóa hồ sơ học sinh” giúp rút ngắn thời gian giải quyết thủ tục "
                    "cho phụ huynh.",
                ],
                collective_name="Trường Trung học cơ sở Bình Tân",
                members=86,
                style=Style(header="paragraphs"),
            ),
            "collective achievement report naming the school in full (“Trung học cơ sở”)",
            "names a model and a solution",
        ),
        Doc(
            "bt_ach_hung",
            "achievement_report",
            unit,
            achievement_report(
                BT,
                _day("2021-06-10"),
                GK,
                [
                    "Lãnh đạo nhà trường hoàn thành xuất sắc nhiệm vụ năm học 2020 - 2021.",
                    "Chỉ đạo xây dựng mô hình “Thư viện xanh – thân thiện”, được Phòng Giáo dục "
                    "và Đào tạo quận chọn nhân rộng.",
                ],
                person=Person(
                    "Trần Văn Hùng", "Hiệu trưởng", "Nam", 1975, "Thạc sĩ Quản lý giáo dục"
                ),
            ),
            "achievement report of the head (Hiệu trưởng)",
            "names a model",
        ),
        Doc(
            "bt_ach_mai",
            "achievement_report",
            unit,
            achievement_report(
                BT,
                _day("2021-06-10"),
                GK,
                [
                    "Giảng dạy môn Toán lớp 8, tỉ lệ học sinh đạt điểm trung bình trở lên 97%.",
                    "Sáng kiến “Ứng dụng Google Classroom trong dạy học môn Toán 8” được Hội đồng "
                    "Khoa học nhà trường công nhận và áp dụng trong thời gian học trực tuyến.",
                ],
                person=Person("Nguyễn Thị Mai", "Giáo viên", "Nữ", 1986, "Đại học Sư phạm Toán"),
                style=Style(nfd=True),
            ),
            "achievement report written entirely in Unicode NFD",
            "names an initiative (sáng kiến)",
        ),
        Doc(
            "bt_ach_hoa",
            "achievement_report",
            unit,
            achievement_report(
                BT,
                _day("2021-06-10"),
                GK,
                [
                    "Giải pháp “Tổ chức sinh hoạt chuyên môn theo nghiên cứu bài học” giúp nâng tỉ "
                    "lệ học sinh khá, giỏi môn Ngữ văn của tổ lên 65%.",
                ],
                person=Person(
                    "Phạm Thị Hoà", "Tổ trưởng chuyên môn", "Nữ", 1980, "Đại học Sư phạm Ngữ văn"
                ),
            ),
            "achievement report spelling the name “Hoà” (the proposal writes “Hòa”)",
            "names a solution",
        ),
        Doc(
            "bt_ach_tuan",
            "achievement_report",
            unit,
            achievement_report(
                BT,
                _day("2021-06-10"),
                GK,
                ["Sáng kiến “Thí nghiệm Vật lý với vật liệu tái chế” được áp dụng tại khối 7."],
                person=Person("Võ Minh Tuấn", "Giáo viên", "Nam", 1990, "Đại học Sư phạm Vật lý"),
            ),
            "achievement report of the nominee the council voted down",
            "complete, but NOT_IN_MINUTES applies",
        ),
    ]
    return [
        Mail(
            "2021-05-04_thcs_binh_tan_phat_dong.eml",
            _from(BT),
            mail_date("2021-05-04", "08:12"),
            "Kế hoạch phát động thi đua cao điểm - THCS Bình Tân",
            "Kính gửi Bộ phận Thi đua Phòng GD&ĐT,\nTrường THCS Bình Tân gửi Kế hoạch phát động "
            "đợt thi đua cao điểm.\nTrân trọng.",
            (Attachment("KH phat dong thi dua THCS Binh Tan", launch),),
        ),
        Mail(
            "2021-05-05_thcs_binh_tan_dang_ky.eml",
            _from(BT),
            mail_date("2021-05-05", "23:48"),
            "Đăng ký nội dung thi đua - THCS Bình Tân",
            "Kính gửi Bộ phận Thi đua,\nNhà trường gửi bản đăng ký nội dung thi đua.\nTrân trọng.",
            (Attachment("Dang ky noi dung thi dua - THCS Binh Tan", registration),),
        ),
        Mail(
            "2021-06-15_thcs_binh_tan_ho_so_khen_thuong.eml",
            _from(BT),
            mail_date("2021-06-15", "16:40"),
            "Hồ sơ đề nghị khen thưởng đợt thi đua cao điểm - THCS Bình Tân",
            "Kính gửi Bộ phận Thi đua,\nNhà trường gửi tờ trình, biên bản họp Hội đồng và các "
            "báo cáo tóm tắt thành tích.\nTrân trọng.",
            (
                Attachment("To trinh khen thuong", prop),
                Attachment("Bien ban hop Hoi dong TDKT", minutes),
                Attachment("BC thanh tich tap the", reports[0]),
                Attachment("BC thanh tich Tran Van Hung", reports[1]),
                Attachment("BC thanh tich Nguyen Thi Mai", reports[2]),
                Attachment("BC thanh tich Pham Thi Hoa", reports[3]),
                Attachment("BC thanh tich Vo Minh Tuan", reports[4]),
            ),
        ),
        Mail(
            "2021-06-21_thcs_binh_tan_bao_cao_ket_qua.eml",
            _from(BT),
            mail_date("2021-06-21", "10:00"),
            "Báo cáo kết quả đợt thi đua cao điểm - THCS Bình Tân",
            "Kính gửi Bộ phận Thi đua,\nNhà trường gửi báo cáo kết quả.\nTrân trọng.",
            (Attachment("Bao cao ket qua thi dua", result),),
        ),
    ]


def _tan_tao(config: CampaignConfig) -> list[Delivery]:
    unit = "thcs_tan_tao"
    launch = Doc(
        "tt_launch",
        "launch",
        unit,
        launch_plan(TT, "18/KH-THCSTT", _day("2021-05-04"), Style(header="paragraphs")),
        "launch plan, header lines as plain paragraphs",
        "launch on_time (e-mail 04/5)",
    )
    registration = Doc(
        "tt_registration",
        "registration",
        unit,
        registration_form(
            TT,
            "19/ĐK-THCSTT",
            _day("2021-05-06"),
            [
                FormRow(
                    "6.",
                    _title(config, 6),
                    ("Trồng và chăm sóc vườn cây xanh trong khuôn viên trường",),
                    "cuối tháng 6 năm 2021",
                )
            ],
        ),
        "official form e-mailed 07/5/2021",
        "REGISTRATION_LATE",
    )
    result = Doc(
        "tt_result",
        "result_report",
        unit,
        result_report(
            TT,
            "27/BC-THCSTT",
            _day("2021-06-16"),
            ["- Vườn cây xanh trong khuôn viên trường hoàn thành ngày 20/5/2021 với 120 cây."],
        ),
        "result report in the dossier e-mail",
        "result_report on_time (e-mail 16/6)",
    )
    prop = Doc(
        "tt_proposal",
        "proposal",
        unit,
        proposal(
            TT,
            "30/TTr-THCSTT",
            _day("2021-06-15"),
            [
                Proposed("Tập thể Trường THCS Tân Tạo", "", GK),
                Proposed("Ông Bùi Văn Thành", "Hiệu trưởng", GK),
            ],
            council_date=_day("2021-06-12"),
            prose=True,
        ),
        "proposal listing nominees in prose (“1. Tập thể …: đề nghị tặng …”)",
        "collective: CLUSTER_NOT_REGISTERED; head: HEAD_WITHOUT_COLLECTIVE",
    )
    minutes = Doc(
        "tt_minutes",
        "council_minutes",
        unit,
        council_minutes(
            TT,
            "04/BB-HĐTĐKT",
            _day("2021-06-12"),
            [
                Vote("Trường THCS Tân Tạo", "", "Giấy khen của UBND quận", "13/13", "Thông qua"),
                Vote(
                    "Bùi Văn Thành", "Hiệu trưởng", "Giấy khen của UBND quận", "12/13", "Thông qua"
                ),
            ],
            present=13,
            members=13,
            secretary="Đoàn Thị Mỹ",
        ),
        "council minutes (“Thông qua”)",
        "approves both nominees",
    )
    reports = [
        Doc(
            "tt_ach_collective",
            "achievement_report",
            unit,
            achievement_report(
                TT,
                _day("2021-06-12"),
                GK,
                [
                    "Mô hình “Trường học xanh - sạch - đẹp” được duy trì; khuôn viên trường có thêm "
                    "120 cây xanh."
                ],
                members=64,
            ),
            "collective achievement report",
            "names a model",
        ),
        Doc(
            "tt_ach_thanh",
            "achievement_report",
            unit,
            achievement_report(
                TT,
                _day("2021-06-12"),
                GK,
                [
                    "Chỉ đạo thực hiện giải pháp “Phân loại rác tại nguồn” trong toàn trường, được "
                    "phụ huynh đồng tình ủng hộ."
                ],
                person=Person(
                    "Bùi Văn Thành", "Hiệu trưởng", "Nam", 1972, "Thạc sĩ Quản lý giáo dục"
                ),
            ),
            "achievement report of the head",
            "names a solution",
        ),
    ]
    return [
        Mail(
            "2021-05-04_thcs_tan_tao_phat_dong.eml",
            _from(TT),
            mail_date("2021-05-04", "15:30"),
            "THCS Tân Tạo gửi kế hoạch phát động thi đua",
            "Kính gửi Phòng GD&ĐT,\nTrường THCS Tân Tạo gửi kế hoạch phát động.\nTrân trọng.",
            (Attachment("Ke hoach phat dong", launch),),
        ),
        Mail(
            "2021-05-07_thcs_tan_tao_dang_ky.eml",
            _from(TT),
            mail_date("2021-05-07", "09:05"),
            "THCS Tân Tạo gửi bản đăng ký thi đua (gửi chậm)",
            "Kính gửi Phòng GD&ĐT,\nNhà trường xin gửi bổ sung bản đăng ký thi đua.\nTrân trọng.",
            (Attachment("Dang ky thi dua", registration),),
        ),
        Mail(
            "2021-06-16_thcs_tan_tao_ho_so.eml",
            _from(TT),
            mail_date("2021-06-16", "10:00"),
            "THCS Tân Tạo - báo cáo kết quả và hồ sơ khen thưởng",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi báo cáo kết quả và hồ sơ đề nghị khen "
            "thưởng.\nTrân trọng.",
            (
                Attachment("Bao cao ket qua", result),
                Attachment("To trinh", prop),
                Attachment("Bien ban", minutes),
                Attachment("Thanh tich tap the", reports[0]),
                Attachment("Thanh tich Bui Van Thanh", reports[1]),
            ),
        ),
    ]


def _ly_thuong_kiet(config: CampaignConfig) -> list[Delivery]:
    unit = "thcs_ly_thuong_kiet"
    registration = Doc(
        "ltk_registration",
        "registration",
        unit,
        registration_letter(
            LTK,
            "31/THCSLTK",
            _day("2021-05-05"),
            [
                "1. Nội dung 2: Công trình “Xây dựng thư viện xanh”, dự kiến hoàn thành tháng "
                "6/2021.",
                "2. Nội dung 6: Công trình “Trường học xanh - sạch - đẹp”, dự kiến hoàn thành "
                "ngày 25/6/2021.",
            ],
        ),
        "free-form letter (công văn “V/v đăng ký nội dung thi đua”) as a LibreOffice PDF",
        "registration on_time (e-mail 05/5); contents 2 and 6",
        pdf=True,
    )
    launch = Doc(
        "ltk_launch",
        "launch",
        unit,
        launch_plan(LTK, "29/KH-THCSLTK", _day("2021-05-11")),
        "launch plan e-mailed 12/5/2021",
        "LAUNCH_LATE",
    )
    result = Doc(
        "ltk_result",
        "result_report",
        unit,
        result_report(
            LTK,
            "40/BC-THCSLTK",
            _day("2021-06-24"),
            ["- Thư viện xanh hoàn thành ngày 15/6/2021; khuôn viên trường được chỉnh trang."],
        ),
        "result report e-mailed 25/6/2021",
        "RESULT_REPORT_LATE",
    )
    prop = Doc(
        "ltk_proposal",
        "proposal",
        unit,
        proposal(
            LTK,
            "38/TTr-THCSLTK",
            _day("2021-06-18"),
            [Proposed("Ông Hồ Quang Vinh", "Giáo viên", "Giấy khen của UBND quận")],
            council_date=_day("2021-06-17"),
        ),
        "proposal signed 18/6 but e-mailed 25/6/2021",
        "PROPOSAL_LATE",
    )
    minutes = Doc(
        "ltk_minutes",
        "council_minutes",
        unit,
        council_minutes(
            LTK,
            "03/BB-HĐTĐKT",
            _day("2021-06-17"),
            [Vote("Hồ Quang Vinh", "Giáo viên", "Giấy khen của UBND quận", "11/11", "Đạt")],
            present=11,
            members=11,
            secretary="Mạc Thị Hương",
        ),
        "council minutes in the late dossier",
        "approves Hồ Quang Vinh",
    )
    report = Doc(
        "ltk_ach_vinh",
        "achievement_report",
        unit,
        achievement_report(
            LTK,
            _day("2021-06-17"),
            GK,
            [
                "Sáng kiến “Hệ thống bài giảng điện tử môn Tin học 6” được áp dụng trong toàn "
                "trường."
            ],
            person=Person("Hồ Quang Vinh", "Giáo viên", "Nam", 1988, "Đại học Sư phạm Tin học"),
        ),
        "achievement report in the late dossier",
        "names an initiative",
    )
    return [
        Mail(
            "2021-05-05_thcs_ly_thuong_kiet_dang_ky.eml",
            _from(LTK),
            mail_date("2021-05-05", "10:20"),
            "V/v đăng ký nội dung thi đua - THCS Lý Thường Kiệt",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi công văn đăng ký (bản PDF).\nTrân trọng.",
            (Attachment("CV dang ky thi dua LTK", registration),),
        ),
        Mail(
            "2021-05-12_thcs_ly_thuong_kiet_phat_dong.eml",
            _from(LTK),
            mail_date("2021-05-12", "07:45"),
            "Kế hoạch phát động thi đua - THCS Lý Thường Kiệt",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi kế hoạch phát động.\nTrân trọng.",
            (Attachment("KH phat dong LTK", launch),),
        ),
        Mail(
            "2021-06-25_thcs_ly_thuong_kiet_bao_cao_va_ho_so.eml",
            _from(LTK),
            mail_date("2021-06-25", "08:30"),
            "THCS Lý Thường Kiệt - báo cáo kết quả, hồ sơ khen thưởng",
            "Kính gửi Phòng GD&ĐT,\nNhà trường xin gửi báo cáo và hồ sơ khen thưởng.\nTrân trọng.",
            (
                Attachment("Bao cao ket qua LTK", result),
                Attachment("To trinh LTK", prop),
                Attachment("Bien ban LTK", minutes),
                Attachment("Thanh tich Ho Quang Vinh", report),
            ),
        ),
    ]


def _huynh_van_nghe(config: CampaignConfig) -> list[Delivery]:
    unit = "thcs_huynh_van_nghe"
    registration = Doc(
        "hvn_registration",
        "registration",
        unit,
        registration_form(
            HVN,
            "15/ĐK-THCSHVN",
            _day("2021-05-04"),
            [
                FormRow(
                    "2.",
                    _title(config, 2),
                    ("Nâng cao chất lượng dạy học trực tuyến",),
                    "Tháng 6/2021",
                ),
                FormRow(
                    "11.",
                    _title(config, 11),
                    ("Xây dựng đội tự quản an ninh trật tự trường học",),
                    "30/6/2021",
                ),
            ],
            Style(nfd=True),
        ),
        "official form written entirely in Unicode NFD, school name in full words, filed in a "
        "sub-folder and registered",
        "registration on_time (register 2021-05-04)",
    )
    broken = Doc(
        "hvn_result",
        "result_report",
        unit,
        result_report(HVN, "22/BC-THCSHVN", _day("2021-06-21"), ["- Hoàn thành các công trình."]),
        "result report DOCX cut short (truncated zip)",
        "UNREADABLE; so result_report stays missing",
        truncated=True,
    )
    return [
        Filed(
            "THCS_Huynh_Van_Nghe",
            "Dang ky thi dua",
            registration,
            "2021-05-04",
            "THCS Huỳnh Văn Nghệ (qua Zalo)",
        ),
        Filed(
            "THCS_Huynh_Van_Nghe",
            "Bao cao ket qua",
            broken,
            "21/06/2021",
            "THCS Huỳnh Văn Nghệ (USB)",
        ),
    ]


def _binh_hung_hoa() -> list[Delivery]:
    unit = "thcs_binh_hung_hoa"
    launch = Doc(
        "bhh_launch",
        "launch",
        unit,
        launch_plan(BHH, "12/KH-THCSBHH", _day("2021-05-05")),
        "launch plan from “TRƯỜNG THCS BÌNH HƯNG HOÀ” (old tone placement)",
        "launch on_time; registration never sent",
    )
    result = Doc(
        "bhh_result",
        "result_report",
        unit,
        result_report(
            BHH,
            "25/BC-THCSBHH",
            _day("2021-06-16"),
            ["- Câu lạc bộ tiếng Anh thân thiện duy trì sinh hoạt hằng tuần."],
        ),
        "result report",
        "result_report on_time",
    )
    prop = Doc(
        "bhh_proposal",
        "proposal",
        unit,
        proposal(
            BHH,
            "26/TTr-THCSBHH",
            _day("2021-06-16"),
            [Proposed("Tập thể Trường THCS Bình Hưng Hoà", "", "Giấy khen của UBND quận Bình Tân")],
            council_date=_day("2021-06-15"),
        ),
        "proposal for the collective of a school in no cluster that never registered",
        "NOT_REGISTERED",
    )
    minutes = Doc(
        "bhh_minutes",
        "council_minutes",
        unit,
        council_minutes(
            BHH,
            "02/BB-HĐTĐKT",
            _day("2021-06-15"),
            [
                Vote(
                    "Trường THCS Bình Hưng Hoà", "", "Giấy khen của UBND quận", "15/15", "Thông qua"
                )
            ],
            present=15,
            members=15,
            secretary="Trần Thị Ngọc Bích",
        ),
        "council minutes",
        "approves the collective",
    )
    report = Doc(
        "bhh_ach_collective",
        "achievement_report",
        unit,
        achievement_report(
            BHH,
            _day("2021-06-15"),
            GK,
            ["Mô hình “Câu lạc bộ tiếng Anh thân thiện” thu hút 350 học sinh tham gia."],
            members=58,
        ),
        "collective achievement report",
        "names a model",
    )
    return [
        Mail(
            "2021-05-05_thcs_binh_hung_hoa_phat_dong.eml",
            _from(BHH),
            mail_date("2021-05-05", "16:00"),
            "Kế hoạch phát động - THCS Bình Hưng Hòa",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi kế hoạch phát động.\nTrân trọng.",
            (Attachment("KH phat dong BHH", launch),),
        ),
        Mail(
            "2021-06-17_thcs_binh_hung_hoa_ho_so.eml",
            _from(BHH),
            mail_date("2021-06-17", "09:00"),
            "THCS Bình Hưng Hòa - báo cáo kết quả và hồ sơ khen thưởng",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi báo cáo và hồ sơ.\nTrân trọng.",
            (
                Attachment("Bao cao ket qua BHH", result),
                Attachment("To trinh BHH", prop),
                Attachment("Bien ban BHH", minutes),
                Attachment("Thanh tich tap the BHH", report),
            ),
        ),
    ]


def _an_lac(config: CampaignConfig) -> list[Delivery]:
    unit = "thcs_an_lac"
    launch = Doc(
        "al_launch",
        "launch",
        unit,
        launch_plan(AL, "10/KH-THCSAL", _day("2021-05-03")),
        "launch plan",
        "launch on_time",
    )
    registration = Doc(
        "al_registration",
        "registration",
        unit,
        registration_form(
            AL,
            "11/ĐK-THCSAL",
            _day("2021-05-04"),
            [
                FormRow(
                    "5.",
                    _title(config, 5),
                    ("Giải ngân kinh phí sửa chữa phòng học bộ môn",),
                    "Quý III/2021",
                ),
                FormRow(
                    "12.",
                    "Xây dựng trường học an toàn, phòng chống dịch bệnh Covid-19.",
                    ("Lắp đặt hệ thống rửa tay tự động",),
                    "Tháng 6/2021",
                ),
                FormRow("8.", _title(config, 8), ("Giảm tiếng ồn trong giờ ra chơi",), "30/6/2021"),
            ],
        ),
        "official form with a row “12.” (the plan has 11 contents) and a completion “Quý III/2021”",
        "registration on_time; CONTENT_INVALID (12); COMPLETION_AFTER_PERIOD (content 5)",
    )
    invite = Doc(
        "al_invitation",
        "unknown",
        unit,
        invitation(
            AL,
            "35/GM-THCSAL",
            _day("2021-05-20"),
            "Lễ tổng kết năm học 2020 - 2021 và tuyên dương học sinh giỏi",
            "7 giờ 30, thứ Bảy, ngày 29 tháng 5 năm 2021",
            "Hội trường Trường THCS An Lạc",
        ),
        "an invitation to the school-year closing ceremony",
        "UNKNOWN_DOCUMENT",
    )
    decision = Doc(
        "al_old_decision",
        "unknown",
        unit,
        award_decision(
            COMMITTEE,
            "2650/QĐ-UBND",
            _day("2020-08-20"),
            "Hiệu trưởng Trường THCS An Lạc tại Tờ trình số 21/TTr-THCSAL",
            ("bà Châu Ngọc Anh", "ông Lê Minh Trí"),
        ),
        "last year's award decision forwarded for reference: it quotes a proposal but is a "
        "decision, not a campaign document",
        "DOCUMENT_NOT_USED",
    )
    result = Doc(
        "al_result",
        "result_report",
        unit,
        result_report(
            AL,
            "30/BC-THCSAL",
            _day("2021-06-17"),
            ["- Hệ thống rửa tay tự động được lắp đặt tại 4 khu vệ sinh."],
        ),
        "result report",
        "result_report on_time",
    )
    prop = Doc(
        "al_proposal",
        "proposal",
        unit,
        proposal(
            AL,
            "31/TTr-THCSAL",
            _day("2021-06-17"),
            [Proposed("Bà Trương Thị Ngọc Hân", "Giáo viên", "GK UBND Q")],
            council_date=_day("2021-06-16"),
        ),
        "proposal sent without the council minutes",
        "MISSING_MINUTES",
    )
    report = Doc(
        "al_ach_han",
        "achievement_report",
        unit,
        achievement_report(
            AL,
            _day("2021-06-16"),
            GK,
            ["Giải pháp “Học tiếng Anh qua dự án” được áp dụng tại khối 6 và khối 7."],
            person=Person(
                "Trương Thị Ngọc Hân", "Giáo viên", "Nữ", 1989, "Đại học Sư phạm Tiếng Anh"
            ),
        ),
        "achievement report",
        "names a solution",
    )
    return [
        Mail(
            "2021-05-04_thcs_an_lac_phat_dong_dang_ky.eml",
            _from(AL),
            mail_date("2021-05-04", "09:30"),
            "THCS An Lạc - kế hoạch phát động và bản đăng ký thi đua",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi kế hoạch phát động và bản đăng ký.\nTrân trọng.",
            (Attachment("KH phat dong AL", launch), Attachment("Dang ky AL", registration)),
        ),
        Mail(
            "2021-05-20_thcs_an_lac_giay_moi.eml",
            _from(AL),
            mail_date("2021-05-20", "14:00"),
            "Giấy mời dự Lễ tổng kết năm học - THCS An Lạc",
            "Kính gửi Lãnh đạo Phòng GD&ĐT,\nNhà trường trân trọng kính mời.\n",
            (Attachment("Giay moi tong ket", invite),),
        ),
        Mail(
            "2021-06-10_thcs_an_lac_quyet_dinh_nam_truoc.eml",
            _from(AL),
            mail_date("2021-06-10", "10:15"),
            "THCS An Lạc - gửi lại quyết định khen thưởng năm học trước để tham khảo",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi lại quyết định năm trước để đối chiếu.\n",
            (Attachment("QD khen thuong 2019-2020", decision),),
        ),
        Mail(
            "2021-06-18_thcs_an_lac_ho_so.eml",
            _from(AL),
            mail_date("2021-06-18", "14:00"),
            "THCS An Lạc - báo cáo kết quả và tờ trình khen thưởng",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi báo cáo kết quả, tờ trình và báo cáo thành "
            "tích.\nTrân trọng.",
            (
                Attachment("Bao cao ket qua AL", result),
                Attachment("To trinh AL", prop),
                Attachment("Thanh tich Truong Thi Ngoc Han", report),
            ),
        ),
    ]


def _binh_tri_1(config: CampaignConfig) -> list[Delivery]:
    unit = "th_binh_tri_1"
    launch = Doc(
        "bt1_launch",
        "launch",
        unit,
        launch_plan(BT1, "08/KH-THBT1", _day("2021-05-04")),
        "launch plan",
        "launch on_time",
    )
    registration = Doc(
        "bt1_registration",
        "registration",
        unit,
        registration_form(
            BT1,
            "09/ĐK-THBT1",
            _day("2021-05-05"),
            [
                FormRow("3.", _title(config, 3), ("Như trên",), "Tháng 6/2021"),
                FormRow("6.", _title(config, 6), ("Tên Công trình, dự án",), ""),
                FormRow("8.", _title(config, 8), (), "Tháng 6/2021"),
                FormRow(
                    "9.",
                    _title(config, 9),
                    ("Xây dựng hộp thư góp ý điện tử cho phụ huynh",),
                    "30/6/2021",
                ),
            ],
        ),
        "official form: first row “Như trên” (nothing above), the form's placeholder "
        "“Tên Công trình, dự án” left in, one project cell empty",
        "registration on_time; REGISTRATION_PLACEHOLDER for contents 3, 6 and 8",
    )
    result = Doc(
        "bt1_result",
        "result_report",
        unit,
        result_report(
            BT1,
            "19/BC-THBT1",
            _day("2021-06-16"),
            ["- Hộp thư góp ý điện tử cho phụ huynh hoạt động từ ngày 01/6/2021."],
        ),
        "result report",
        "result_report on_time",
    )
    prop = Doc(
        "bt1_proposal",
        "proposal",
        unit,
        proposal(
            BT1,
            "20/TTr-THBT1",
            _day("2021-06-16"),
            [
                Proposed("Ông Lâm Quốc Dũng", "Hiệu trưởng", "Giấy khen của Chủ tịch UBND quận"),
                Proposed("Ông Lê Văn Phúc", "Phó Hiệu trưởng", "Giấy khen quận"),
                Proposed("Bà Cao Thị Bích Ngọc", "Giáo viên", "GK quận"),
                Proposed("Ông Đỗ Văn Khoa", "Giáo viên", "Giấy khen UBND quận"),
                Proposed("Bà Mai Thị Thu", "Kế toán", "Huân chương Lao động hạng Ba"),
            ],
            council_date=_day("2021-06-15"),
            style=Style(deputy_signs=True),
        ),
        "proposal signed “KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG” by a nominee; no collective "
        "proposed; one award outside the plan",
        "5 nominees, see the nominee table",
    )
    minutes = Doc(
        "bt1_minutes",
        "council_minutes",
        unit,
        council_minutes(
            BT1,
            "06/BB-HĐTĐKT",
            _day("2021-06-15"),
            [
                Vote(
                    "Lâm Quốc Dũng", "Hiệu trưởng", "Giấy khen của UBND quận", "21/23", "Thông qua"
                ),
                Vote(
                    "Lê Văn Phúc",
                    "Phó Hiệu trưởng",
                    "Giấy khen của UBND quận",
                    "20/23",
                    "Thông qua",
                ),
                Vote(
                    "Cao Thị Bích Ngọc",
                    "Giáo viên",
                    "Giấy khen của UBND quận",
                    "19/23",
                    "Thông qua",
                ),
                Vote("Đỗ Văn Khoa", "Giáo viên", "Giấy khen của UBND quận", "18/23", "Thông qua"),
                Vote(
                    "Mai Thị Thu", "Kế toán", "Huân chương Lao động hạng Ba", "17/23", "Thông qua"
                ),
            ],
            present=23,
            members=25,
            secretary="Nguyễn Thị Tuyết",
        ),
        "council minutes, 23 of 25 members present",
        "approves all five",
    )
    reports = [
        Doc(
            "bt1_ach_dung",
            "achievement_report",
            unit,
            achievement_report(
                BT1,
                _day("2021-06-15"),
                GK,
                [
                    "Chỉ đạo triển khai mô hình “Hộp thư góp ý điện tử”, tiếp nhận và phản hồi ý "
                    "kiến phụ huynh trong 48 giờ."
                ],
                person=Person(
                    "Lâm Quốc Dũng", "Hiệu trưởng", "Nam", 1970, "Thạc sĩ Quản lý giáo dục"
                ),
            ),
            "achievement report of the head",
            "names a model",
        ),
        Doc(
            "bt1_ach_phuc",
            "achievement_report",
            unit,
            achievement_report(
                BT1,
                _day("2021-06-15"),
                GK,
                [
                    "Sáng kiến “Thời khóa biểu linh hoạt trong dạy học trực tuyến” được áp dụng "
                    "toàn trường."
                ],
                person=Person(
                    "Lê Văn Phúc", "Phó Hiệu trưởng", "Nam", 1978, "Đại học Sư phạm Tiểu học"
                ),
            ),
            "achievement report of the deputy head",
            "names an initiative",
        ),
        Doc(
            "bt1_ach_khoa",
            "achievement_report",
            unit,
            achievement_report(
                BT1,
                _day("2021-06-15"),
                GK,
                [
                    "Hoàn thành tốt nhiệm vụ giảng dạy lớp Ba; 100% học sinh hoàn thành chương "
                    "trình lớp học.",
                    "Tích cực tham gia các phong trào văn nghệ, thể dục thể thao do nhà trường tổ "
                    "chức.",
                    "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà "
                    "nước.",
                ],
                person=Person("Đỗ Văn Khoa", "Giáo viên", "Nam", 1987, "Đại học Sư phạm Tiểu học"),
            ),
            "achievement report with no model, initiative or solution in it",
            "NO_MODEL_OR_SOLUTION",
        ),
        Doc(
            "bt1_ach_thu",
            "achievement_report",
            unit,
            achievement_report(
                BT1,
                _day("2021-06-15"),
                "Huân chương Lao động hạng Ba",
                ["Giải pháp “Thu học phí không dùng tiền mặt” được áp dụng từ tháng 3/2021."],
                person=Person("Mai Thị Thu", "Kế toán", "Nữ", 1979, "Đại học Kế toán"),
            ),
            "achievement report asking for an award outside the plan",
            "names a solution (the award is what fails)",
        ),
    ]
    return [
        Mail(
            "2021-05-05_th_binh_tri_1_phat_dong_dang_ky.eml",
            _from(BT1),
            mail_date("2021-05-05", "14:10"),
            "TH Bình Trị 1 - phát động và đăng ký thi đua",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi kế hoạch phát động và bản đăng ký.\nTrân trọng.",
            (Attachment("KH phat dong BT1", launch), Attachment("Dang ky BT1", registration)),
        ),
        Mail(
            "2021-06-17_th_binh_tri_1_ho_so.eml",
            _from(BT1),
            mail_date("2021-06-17", "15:20"),
            "TH Bình Trị 1 - báo cáo kết quả và hồ sơ khen thưởng",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi báo cáo kết quả và hồ sơ khen thưởng (báo cáo "
            "thành tích của cô Ngọc sẽ gửi sau).\nTrân trọng.",
            (
                Attachment("Bao cao ket qua BT1", result),
                Attachment("To trinh BT1", prop),
                Attachment("Bien ban BT1", minutes),
                Attachment("Thanh tich Lam Quoc Dung", reports[0]),
                Attachment("Thanh tich Le Van Phuc", reports[1]),
                Attachment("Thanh tich Do Van Khoa", reports[2]),
                Attachment("Thanh tich Mai Thi Thu", reports[3]),
            ),
        ),
    ]


def _an_lac_1() -> list[Delivery]:
    unit = "th_an_lac_1"
    launch = Doc(
        "al1_launch",
        "launch",
        unit,
        launch_plan(
            AL1, "14/KH-THAL1", _day("2021-05-03"), Style(header="paragraphs", footer="paragraphs")
        ),
        "launch plan with header and signature as plain paragraphs",
        "launch on_time",
    )
    registration = Doc(
        "al1_registration",
        "registration",
        unit,
        registration_letter(
            AL1,
            "15/THAL1",
            _day("2021-05-03"),
            [
                "- Nội dung số 2: Công trình “Sân chơi an toàn cho học sinh”; thời gian hoàn "
                "thành: 30/6/2021.",
                "- Nội dung số 9: Phần mềm tiếp nhận ý kiến phụ huynh; thời gian hoàn thành: "
                "tháng 6/2021.",
            ],
        ),
        "free-form letter as DOCX, attachment named in Vietnamese",
        "registration on_time; contents 2 and 9",
    )
    prop = Doc(
        "al1_proposal",
        "proposal",
        unit,
        proposal(
            AL1,
            "21/TTr-THAL1",
            _day("2021-06-12"),
            [
                Proposed("Tập thể Trường TH An Lạc 1", "", "Giấy khen của UBND quận"),
                Proposed("Bà Huỳnh Thị Thu Trang", "Giáo viên", "GK UBND quận"),
            ],
            council_date=_day("2021-06-11"),
        ),
        "proposal for the collective (“TH” for Tiểu học) and one teacher",
        "collective eligible; Huỳnh Thị Thu Trang proposed here and again below",
    )
    minutes = Doc(
        "al1_minutes",
        "council_minutes",
        unit,
        council_minutes(
            AL1,
            "03/BB-HĐTĐKT",
            _day("2021-06-11"),
            [
                Vote(
                    "Trường Tiểu học An Lạc 1", "", "Giấy khen của UBND quận", "19/19", "Thông qua"
                ),
                Vote(
                    "Huỳnh Thị Thu Trang",
                    "Giáo viên",
                    "Giấy khen của UBND quận",
                    "18/19",
                    "Thông qua",
                ),
                Vote("Lý Thị Kim Hoa", "Giáo viên", "GK UBND quận", "17/19", "Thông qua"),
            ],
            present=19,
            members=19,
            secretary="Đỗ Thị Hạnh",
        ),
        "council minutes approving a teacher no proposal names",
        "approves all three",
    )
    reports = [
        Doc(
            "al1_ach_collective",
            "achievement_report",
            unit,
            achievement_report(
                AL1,
                _day("2021-06-11"),
                GK,
                [
                    "Mô hình “Sân chơi an toàn cho học sinh” hoàn thành ngày 10/6/2021, được phụ "
                    "huynh đánh giá cao."
                ],
                members=52,
            ),
            "collective achievement report",
            "names a model",
        ),
        Doc(
            "al1_ach_trang",
            "achievement_report",
            unit,
            achievement_report(
                AL1,
                _day("2021-06-11"),
                GK,
                ["Sáng kiến “Phiếu học tập điện tử môn Tiếng Việt lớp 2” được áp dụng tại khối 2."],
                person=Person(
                    "Huỳnh Thị Thu Trang", "Giáo viên", "Nữ", 1991, "Đại học Sư phạm Tiểu học"
                ),
            ),
            "achievement report",
            "names an initiative",
        ),
        Doc(
            "al1_ach_hoa",
            "achievement_report",
            unit,
            achievement_report(
                AL1,
                _day("2021-06-11"),
                GK,
                ["Giải pháp “Rèn chữ viết đẹp cho học sinh lớp 1” được tổ chuyên môn nhân rộng."],
                person=Person(
                    "Lý Thị Kim Hoa", "Giáo viên", "Nữ", 1983, "Đại học Sư phạm Tiểu học"
                ),
            ),
            "achievement report of a teacher no proposal names",
            "MISSING_PROPOSAL (for Lý Thị Kim Hoa)",
        ),
    ]
    extra = Doc(
        "al1_proposal_extra",
        "proposal",
        unit,
        proposal(
            AL1,
            "23/TTr-THAL1",
            _day("2021-06-17"),
            [Proposed("Bà Huỳnh Thị Thu Trang", "Giáo viên", "GK UBND quận")],
            council_date=_day("2021-06-11"),
            supplementary=True,
        ),
        "supplementary proposal that repeats Huỳnh Thị Thu Trang (meant to add Lý Thị Kim Hoa)",
        "DUPLICATE_NOMINEE",
    )
    result = Doc(
        "al1_result",
        "result_report",
        unit,
        result_report(
            AL1,
            "24/BC-THAL1",
            _day("2021-06-17"),
            ["- Sân chơi an toàn cho học sinh hoàn thành ngày 10/6/2021."],
        ),
        "result report",
        "result_report on_time",
    )
    return [
        Mail(
            "2021-05-03_th_an_lac_1_phat_dong_dang_ky.eml",
            _from(AL1),
            mail_date("2021-05-03", "17:00"),
            "TH An Lạc 1 gửi kế hoạch phát động và đăng ký thi đua",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi kế hoạch phát động và công văn đăng ký.\nTrân "
            "trọng.",
            (
                Attachment("KH phat dong TH An Lac 1", launch),
                Attachment("Đăng ký thi đua - TH An Lạc 1", registration),
            ),
        ),
        Mail(
            "2021-06-14_th_an_lac_1_ho_so.eml",
            _from(AL1),
            mail_date("2021-06-14", "09:15"),
            "TH An Lạc 1 - hồ sơ đề nghị khen thưởng",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi hồ sơ đề nghị khen thưởng.\nTrân trọng.",
            (
                Attachment("To trinh AL1", prop),
                Attachment("Bien ban AL1", minutes),
                Attachment("Thanh tich tap the AL1", reports[0]),
                Attachment("Thanh tich Huynh Thi Thu Trang", reports[1]),
                Attachment("Thanh tich Ly Thi Kim Hoa", reports[2]),
            ),
        ),
        Mail(
            "2021-06-18_th_an_lac_1_bo_sung.eml",
            _from(AL1),
            mail_date("2021-06-18", "10:30"),
            "TH An Lạc 1 - tờ trình bổ sung và báo cáo kết quả",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi tờ trình bổ sung và báo cáo kết quả.\nTrân "
            "trọng.",
            (Attachment("To trinh bo sung AL1", extra), Attachment("Bao cao ket qua AL1", result)),
        ),
    ]


def _kim_dong(config: CampaignConfig) -> list[Delivery]:
    unit = "th_kim_dong"
    launch = Doc(
        "kd_launch",
        "launch",
        unit,
        launch_plan(KD, "07/KH-THKĐ", _day("2021-05-04"), Style(header="tabs")),
        "launch plan whose header is two tab-separated columns in plain paragraphs",
        "launch on_time (register 2021-05-04 10:15)",
    )
    registration = Doc(
        "kd_registration",
        "registration",
        unit,
        registration_form(
            KD,
            "08/ĐK-THKĐ",
            _day("2021-05-05"),
            [
                FormRow(
                    "2.",
                    _title(config, 2),
                    ("Nâng tỉ lệ học sinh hoàn thành chương trình lớp học lên 99,5%",),
                    "Tháng 6/2021",
                ),
            ],
        ),
        "official form filed in a sub-folder, registered as 05/05/2021",
        "registration on_time; result report never sent",
    )
    return [
        Filed(
            "TH_Kim_Dong",
            "Ke hoach phat dong",
            launch,
            "2021-05-04 10:15",
            "TH Kim Đồng - văn thư nhận",
        ),
        Filed(
            "TH_Kim_Dong",
            "Dang ky thi dua",
            registration,
            "05/05/2021",
            "TH Kim Đồng - văn thư nhận",
        ),
    ]


def _hoa_hong(config: CampaignConfig) -> list[Delivery]:
    unit = "mn_hoa_hong"
    launch = Doc(
        "hh_launch",
        "launch",
        unit,
        launch_plan(HH, "05/KH-MNHH", _day("2021-05-04")),
        "launch plan inside a zip bundle",
        "launch on_time (the zip's register line, 2021-05-05)",
    )
    registration = Doc(
        "hh_registration",
        "registration",
        unit,
        registration_form(
            HH,
            "06/ĐK-MNHH",
            _day("2021-05-04"),
            [
                FormRow("6.", _title(config, 6), ("Bé tập phân loại rác tại lớp",), "Tháng 5/2021"),
                FormRow("", "", ("Vườn rau sạch của bé",), "Tháng 6/2021", continues=True),
                FormRow("8.", _title(config, 8), ("Giờ ngủ trưa yên tĩnh cho trẻ",), "30/6/2021"),
            ],
        ),
        "official form inside a zip: Stt and Nội dung cells merged over two project rows",
        "registration on_time; content 6 has two projects",
    )
    result = Doc(
        "hh_result",
        "result_report",
        unit,
        result_report(
            HH,
            "15/BC-MNHH",
            _day("2021-06-19"),
            ["- Vườn rau sạch của bé cho thu hoạch lứa đầu ngày 10/6/2021."],
        ),
        "result report filed in the sub-folder",
        "result_report on_time (register 2021-06-21 08:30)",
    )
    return [
        Bundle(
            "MN_Hoa_Hong/HoSo_MN_HoaHong.zip",
            (
                Attachment("MN Hoa Hong/Ke hoach phat dong", launch),
                Attachment("MN Hoa Hong/Dang ky thi dua", registration),
            ),
            "2021-05-05",
            "MN Hoa Hồng (file nén)",
        ),
        Filed("MN_Hoa_Hong", "Bao cao ket qua", result, "2021-06-21 08:30", "MN Hoa Hồng"),
    ]


def _son_ca(config: CampaignConfig) -> list[Delivery]:
    unit = "mn_son_ca"
    launch = Doc(
        "sc_launch",
        "launch",
        unit,
        launch_plan(SC, "06/KH-MNSC", _day("2021-05-04")),
        "launch plan filed in a sub-folder but never entered in the register",
        "RECEIVED_DATE_UNKNOWN (warning); launch on_time by its own date 04/5/2021",
    )
    registration = Doc(
        "sc_registration",
        "registration",
        unit,
        registration_form(
            SC,
            "07/ĐK-MNSC",
            _day("2021-05-04"),
            [FormRow("6.", _title(config, 6), ("Bé với môi trường xanh",), "Tháng 6/2021")],
        ),
        "official form",
        "registration on_time (e-mail 05/5)",
    )
    result = Doc(
        "sc_result",
        "result_report",
        unit,
        result_report(
            SC,
            "12/BC-MNSC",
            _day("2021-06-22"),
            ["- Chuyên đề “Bé với môi trường xanh” được tổ chức ở 100% nhóm, lớp."],
        ),
        "result report registered on the deadline day, late afternoon",
        "result_report on_time (register 2021-06-22 17:30; the deadline is inclusive)",
    )
    return [
        Filed("MN_Son_Ca", "Ke hoach phat dong", launch),
        Mail(
            "2021-05-05_mn_son_ca_dang_ky.eml",
            _from(SC),
            mail_date("2021-05-05", "08:00"),
            "MN Sơn Ca - đăng ký thi đua",
            "Kính gửi Phòng GD&ĐT,\nTrường MN Sơn Ca gửi bản đăng ký.\nTrân trọng.",
            (Attachment("Dang ky thi dua MN Son Ca", registration),),
        ),
        Filed("MN_Son_Ca", "Bao cao ket qua dot thi dua", result, "2021-06-22 17:30", "MN Sơn Ca"),
    ]


def _hoa_mi(config: CampaignConfig) -> list[Delivery]:
    registration = Doc(
        "hm_registration",
        "registration",
        "mn_hoa_mi",
        registration_form(
            HM,
            "06/ĐK-MNHM",
            _day("2021-05-08"),
            [
                FormRow(
                    "6.",
                    _title(config, 6),
                    ("Phân loại rác tại nguồn trong trường mầm non",),
                    "Quý II/2021",
                )
            ],
        ),
        "official form from “TRƯỜNG MẦM NON HOẠ MI”, registered 10/05/2021",
        "REGISTRATION_LATE; launch and result report never sent",
    )
    return [Filed("mn_hoa_mi", "dang_ky_thi_dua", registration, "10/05/2021", "MN Hoạ Mi")]


def _trung_tam(config: CampaignConfig) -> list[Delivery]:
    unit = "ttgdnn_gdtx"
    launch = Doc(
        "ttgd_launch",
        "launch",
        unit,
        launch_plan(TTGD, "20/KH-TTGDNN-GDTX", _day("2021-05-04")),
        "launch plan as a LibreOffice PDF, issuer written with abbreviations (GDNN - GDTX)",
        "launch on_time (register 2021-05-04)",
        pdf=True,
    )
    registration = Doc(
        "ttgd_registration",
        "registration",
        unit,
        registration_form(
            TTGD,
            "21/ĐK-TTGDNN-GDTX",
            _day("2021-05-05"),
            [
                FormRow(
                    "2.",
                    _title(config, 2),
                    (
                        "Hoàn thành chương trình giáo dục thường xuyên cấp trung học phổ thông "
                        "cho 450 học viên",
                    ),
                    "Tháng 6/2021",
                ),
                FormRow(
                    "3.",
                    _title(config, 3),
                    ("Số hóa hồ sơ tuyển sinh và cấp phát văn bằng, chứng chỉ",),
                    "30/6/2021",
                ),
                FormRow(
                    "6.",
                    _title(config, 6),
                    (
                        "1. Xây dựng “Khuôn viên xanh” của Trung tâm",
                        "2. Phân loại rác thải tại nguồn",
                    ),
                    "Quý II/2021",
                ),
                FormRow(
                    "8.",
                    _title(config, 8),
                    ("Lắp đặt vách cách âm cho các xưởng thực hành nghề",),
                    "Tháng 6/2021",
                ),
                FormRow(
                    "9.",
                    _title(config, 9),
                    ("Khảo sát mức độ hài lòng của học viên và phụ huynh qua mạng",),
                    "Tháng 6/2021",
                ),
                FormRow(
                    "10.",
                    _title(config, 10),
                    ("Công khai quy trình tiếp nhận, giải quyết ý kiến của người học",),
                    "Tháng 6/2021",
                ),
                FormRow(
                    "11.",
                    _title(config, 11),
                    ("Diễn tập phòng cháy, chữa cháy tại Trung tâm",),
                    "Tháng 6/2021",
                ),
            ],
            Style(font_size=14),
        ),
        "official form as a LibreOffice PDF whose table continues over a page break (header "
        "row repeated)",
        "registration on_time (register 2021-05-05 09:40); 7 contents, 8 projects",
        pdf=True,
    )
    prop = Doc(
        "ttgd_proposal",
        "proposal",
        unit,
        proposal(
            TTGD,
            "25/TTr-TTGDNN-GDTX",
            _day("2021-06-15"),
            [Proposed("Ông Phan Thanh Sơn", "Giáo viên", "Giấy khen của UBND quận")],
            council_date=_day("2021-06-14"),
        ),
        "the centre's only proposal, handed in on paper, filed and never registered",
        "RECEIVED_DATE_UNKNOWN: Phan Thanh Sơn needs_review",
    )
    result = Doc(
        "ttgd_result",
        "result_report",
        unit,
        result_report(
            TTGD,
            "26/BC-TTGDNN-GDTX",
            _day("2021-06-15"),
            ["- 450 học viên hoàn thành chương trình; vách cách âm lắp đặt xong ngày 05/6/2021."],
        ),
        "result report as a LibreOffice PDF",
        "result_report on_time (e-mail 16/6)",
        pdf=True,
    )
    minutes = Doc(
        "ttgd_minutes",
        "council_minutes",
        unit,
        council_minutes(
            TTGD,
            "02/BB-HĐTĐKT",
            _day("2021-06-14"),
            [Vote("Phan Thanh Sơn", "Giáo viên", "Giấy khen của UBND quận", "9/9", "Thông qua")],
            present=9,
            members=9,
            secretary="Nguyễn Thị Kiều",
        ),
        "council minutes",
        "approves Phan Thanh Sơn",
    )
    report = Doc(
        "ttgd_ach_son",
        "achievement_report",
        unit,
        achievement_report(
            TTGD,
            _day("2021-06-14"),
            GK,
            [
                "Giải pháp “Thực hành lắp mạch điện trên phần mềm trước khi lên xưởng” được áp dụng "
                "trong giảng dạy nghề Điện dân dụng."
            ],
            person=Person("Phan Thanh Sơn", "Giáo viên", "Nam", 1984, "Kỹ sư Điện công nghiệp"),
        ),
        "achievement report",
        "names a solution",
    )
    return [
        Filed(
            "ttgdnn_gdtx", "Ke hoach phat dong TT GDNN-GDTX", launch, "2021-05-04", "TT GDNN-GDTX"
        ),
        Filed(
            "ttgdnn_gdtx",
            "Dang ky thi dua TT GDNN-GDTX",
            registration,
            "2021-05-05 09:40",
            "TT GDNN-GDTX",
        ),
        Mail(
            "2021-06-16_ttgdnn_gdtx_ho_so.eml",
            _from(TTGD),
            mail_date("2021-06-16", "11:00"),
            "TT GDNN-GDTX - báo cáo kết quả, biên bản và báo cáo thành tích",
            "Kính gửi Phòng GD&ĐT,\nTrung tâm gửi báo cáo kết quả, biên bản họp Hội đồng và báo "
            "cáo thành tích; tờ trình gửi bản giấy.\nTrân trọng.",
            (
                Attachment("Bao cao ket qua TT", result),
                Attachment("Bien ban TT", minutes),
                Attachment("Thanh tich Phan Thanh Son", report),
            ),
        ),
        Filed("ttgdnn_gdtx", "To trinh de nghi khen thuong", prop),
    ]


def _cong_ty(config: CampaignConfig) -> list[Delivery]:
    unit = "cty_sach_thiet_bi"
    launch = Doc(
        "cty_launch",
        "launch",
        unit,
        launch_plan(CTY, "03/KH-STB", _day("2021-05-04")),
        "an enterprise's launch plan (no parent body line, signed GIÁM ĐỐC)",
        "launch on_time",
    )
    registration = Doc(
        "cty_registration",
        "registration",
        unit,
        registration_form(
            CTY,
            "04/ĐK-STB",
            _day("2021-05-04"),
            [
                FormRow(
                    "1.",
                    _title(config, 4),
                    ("Mở rộng kênh bán sách giáo khoa trực tuyến cho phụ huynh",),
                    "Tháng 6/2021",
                ),
                FormRow(
                    "2.",
                    _title(config, 9),
                    ("Khảo sát mức độ hài lòng của các trường về dịch vụ cung ứng thiết bị",),
                    "30/6/2021",
                ),
            ],
        ),
        "official form with rows renumbered 1., 2. (the contents are 4 and 9, known by title)",
        "registration on_time; result report never sent",
    )
    prop = Doc(
        "cty_proposal",
        "proposal",
        unit,
        proposal(
            CTY,
            "09/TTr-STB",
            _day("2021-06-17"),
            [
                Proposed(
                    "Tập thể Công ty Cổ phần Sách và Thiết bị trường học Bình Tân",
                    "",
                    "Bằng khen của UBND TP",
                )
            ],
            council_date=_day("2021-06-16"),
        ),
        "an enterprise asking Bằng khen for itself, with no tax office confirmation",
        "MISSING_TAX_CONFIRMATION",
    )
    minutes = Doc(
        "cty_minutes",
        "council_minutes",
        unit,
        council_minutes(
            CTY,
            "01/BB-HĐTĐKT",
            _day("2021-06-16"),
            [
                Vote(
                    "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân",
                    "",
                    "Bằng khen của UBND Thành phố",
                    "7/7",
                    "Thông qua",
                )
            ],
            present=7,
            members=7,
            secretary="Lê Ngọc Trâm",
        ),
        "council minutes",
        "approves the collective",
    )
    report = Doc(
        "cty_ach_collective",
        "achievement_report",
        unit,
        achievement_report(
            CTY,
            _day("2021-06-16"),
            BK,
            [
                "Giải pháp “Cung ứng sách giáo khoa tận lớp” bảo đảm 100% học sinh có đủ sách "
                "trước năm học mới."
            ],
            members=45,
        ),
        "collective achievement report",
        "names a solution",
    )
    return [
        Mail(
            "2021-05-04_cty_sach_thiet_bi_phat_dong_dang_ky.eml",
            _from(CTY),
            mail_date("2021-05-04", "11:11"),
            "Công ty CP Sách và TBTH Bình Tân - phát động và đăng ký thi đua",
            "Kính gửi Phòng GD&ĐT,\nCông ty gửi kế hoạch phát động và bản đăng ký.\nTrân trọng.",
            (
                Attachment("KH phat dong Cong ty", launch),
                Attachment("Dang ky Cong ty", registration),
            ),
        ),
        Mail(
            "2021-06-18_cty_sach_thiet_bi_ho_so.eml",
            _from(CTY),
            mail_date("2021-06-18", "16:05"),
            "Công ty CP Sách và TBTH Bình Tân - hồ sơ đề nghị Bằng khen",
            "Kính gửi Phòng GD&ĐT,\nCông ty gửi hồ sơ đề nghị Bằng khen của UBND Thành phố.\n"
            "Trân trọng.",
            (
                Attachment("To trinh Cong ty", prop),
                Attachment("Bien ban Cong ty", minutes),
                Attachment("Bao cao thanh tich Cong ty", report),
            ),
        ),
    ]


def _outsider(config: CampaignConfig) -> list[Delivery]:
    registration = Doc(
        "nvl_registration",
        "registration",
        None,
        registration_form(
            NVL,
            "10/ĐK-THCSNVL",
            _day("2021-05-04"),
            [FormRow("2.", _title(config, 2), ("Xây dựng phòng học thông minh",), "Tháng 6/2021")],
        ),
        "a school of another district (not in the roster) e-mails its registration",
        "UNKNOWN_UNIT",
    )
    return [
        Mail(
            "2021-05-04_thcs_nguyen_van_linh_dang_ky.eml",
            _from(NVL),
            mail_date("2021-05-04", "13:00"),
            "Đăng ký thi đua - THCS Nguyễn Văn Linh",
            "Kính gửi Phòng GD&ĐT,\nNhà trường gửi bản đăng ký thi đua.\nTrân trọng.",
            (Attachment("Dang ky thi dua NVL", registration),),
        )
    ]


# ------------------------------------------------------------------ why each expectation

UNIT_NOTES: dict[str, str] = {
    "thcs_binh_tan": "everything e-mailed in time; the registration at 23:48 on the deadline day",
    "thcs_tan_tao": "registration e-mailed 07/5, two days late",
    "thcs_ly_thuong_kiet": "launch e-mailed 12/5 and result report 25/6, both late",
    "thcs_huynh_van_nghe": "registration (NFD) only; its result report file is truncated",
    "thcs_binh_hung_hoa": "never registered (no cluster)",
    "thcs_an_lac": "all on time; registration has content 12 and Quý III/2021",
    "th_binh_tri_1": "all on time; registration has placeholder rows",
    "th_an_lac_1": "all on time by e-mail",
    "th_le_trong_tan": "sent nothing",
    "th_kim_dong": "launch and registration filed and registered; no result report",
    "th_binh_hung_hoa": "sent nothing (not to be confused with THCS Bình Hưng Hòa)",
    "mn_hoa_hong": "launch and registration in a registered zip; result report registered",
    "mn_son_ca": "launch unregistered (its own date 04/5 counts); result report on the "
    "deadline day",
    "mn_hoa_mi": "registration registered 10/05/2021; nothing else",
    "mn_thuy_tien": "sent nothing",
    "ttgdnn_gdtx": "launch and registration PDFs registered; result report e-mailed",
    "cty_sach_thiet_bi": "launch and registration e-mailed 04/5; no result report",
}

NOMINEE_NOTES: dict[tuple[str, str], str] = {
    ("thcs_binh_tan", "Trường THCS Bình Tân"): "city_merit collective in cluster 1 with launch "
    "and registration on time, approved 17/17, report names a model: eligible",
    ("thcs_binh_tan", "Trần Văn Hùng"): "head of unit whose collective is eligible",
    ("thcs_binh_tan", "Nguyễn Thị Mai"): "minutes write NGUYỄN THỊ MAI, proposal “Bà Nguyễn Thị "
    "Mai”, achievement report in NFD: one person",
    ("thcs_binh_tan", "Phạm Thị Hòa"): "proposal “Hòa”, minutes and report “Hoà”: one person",
    ("thcs_binh_tan", "Võ Minh Tuấn"): "voted down (6/17, Không đạt)",
    ("thcs_binh_tan", "Đặng Thị Lan"): "ward award: listed, not decided here",
    ("thcs_tan_tao", "Trường THCS Tân Tạo"): "cluster 1, registration late (07/5)",
    ("thcs_tan_tao", "Bùi Văn Thành"): "head of unit whose collective is ineligible",
    ("thcs_ly_thuong_kiet", "Hồ Quang Vinh"): "dossier e-mailed 25/6, after 20/6: treated as no "
    "proposal (PROPOSAL_LATE only, not also MISSING_PROPOSAL)",
    ("thcs_binh_hung_hoa", "Trường THCS Bình Hưng Hòa"): "in no cluster and no registration at "
    "all; the documents write “Hoà”, the roster “Hòa”",
    ("thcs_an_lac", "Trương Thị Ngọc Hân"): "the school sent no council minutes at all",
    ("th_binh_tri_1", "Lâm Quốc Dũng"): "head of unit whose collective is not proposed",
    ("th_binh_tri_1", "Lê Văn Phúc"): "a deputy (Phó Hiệu trưởng) is not a head of unit: no "
    "collective needed",
    ("th_binh_tri_1", "Cao Thị Bích Ngọc"): "no achievement report",
    ("th_binh_tri_1", "Đỗ Văn Khoa"): "the achievement report names no model, initiative or "
    "solution",
    ("th_binh_tri_1", "Mai Thị Thu"): "“Huân chương Lao động hạng Ba” is no award of the plan; "
    "the award column stays empty and no dossier rule applies",
    ("th_an_lac_1", "Trường Tiểu học An Lạc 1"): "cluster 2 collective, all on time, “TH An Lạc "
    "1” in the proposal",
    ("th_an_lac_1", "Huỳnh Thị Thu Trang"): "proposed twice (main and supplementary proposal); "
    "the warning proves no fact missing, so still eligible",
    ("th_an_lac_1", "Lý Thị Kim Hoa"): "in the minutes and an achievement report but in no "
    "proposal; name, position and award as the minutes write them",
    ("ttgdnn_gdtx", "Phan Thanh Sơn"): "the only proposal naming him has no e-mail and no "
    "register line: its receipt (by its own date, 15/6) is unproven",
    ("cty_sach_thiet_bi", "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân"): "an "
    "enterprise asking Bằng khen needs the tax office's confirmation; none was sent",
}
