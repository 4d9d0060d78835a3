"""The words a campaign plan (kế hoạch phát động) is written in: data, not logic.

Everything here is generic Vietnamese administrative vocabulary; no campaign's date, name or
authority.  Phrases are matched case-insensitively on NFC text; ``…`` in a kind phrase stands
for a few words.
"""

from __future__ import annotations

# A deadline: the phrase, then (optionally an hour and) a day.
DEADLINE_PHRASES = (
    "trước ngày", "chậm nhất là ngày", "chậm nhất vào ngày", "chậm nhất ngày", "chậm nhất",
    "hạn cuối là ngày", "hạn cuối ngày", "hạn cuối", "hạn chót", "hạn nộp",
    "không quá ngày", "không muộn hơn ngày", "trong thời hạn đến ngày", "trước",
)  # fmt: skip

# What is due, told by the words of the clause that sets the deadline (first match wins per
# kind; a clause may name several).  Keys are the model config's deadline keys.
DEADLINE_KINDS = {
    "launch": ("phát động",),
    "registration": ("đăng ký",),
    "result_report": (
        "báo cáo … kết quả", "báo cáo tổng kết", "báo cáo sơ kết", "báo cáo đánh giá",
    ),
    "proposal": (
        "hồ sơ", "đề nghị khen", "đề nghị tặng", "đề xuất khen", "tờ trình", "danh sách … khen",
    ),
}  # fmt: skip

# Verbs before a deadline's recipient ("gửi về Phòng …", "trình Ủy ban nhân dân …").
SEND_VERBS = ("gửi về", "gửi đến", "gửi", "nộp về", "nộp", "trình")
# Where a recipient's name ends: the document sent, or the deadline.
RECIPIENT_ENDS = (
    "hồ sơ",
    "văn bản",
    "báo cáo",
    "danh sách",
    "tờ trình",
    "để",
    "trước",
    "chậm nhất",
)

# Levels of government, lowest first, as regular expressions on lower-case NFC text; the key
# names award levels and reference keys (``ward_merit``, ``plan_city``).
LEVELS = (
    ("ward", 1, r"\b(?:phường|xã(?!\s+hội)|thị trấn)\b"),
    ("district", 2, r"\b(?:quận|huyện|thị xã)\b"),
    ("city", 3, r"\b(?:thành phố|tp\.?|sở)\b"),
    ("province", 3, r"\btỉnh\b"),
    ("ministry", 4, r"\b(?:bộ|ban,? ngành trung ương)\b"),
    ("national", 5, r"\b(?:chính phủ|thủ tướng|chủ tịch nước|nhà nước)\b"),
)

# Award kinds: how a level's name begins, and the suffix of its key.
AWARD_KINDS = (
    ("Bằng khen", "merit"),
    ("Giấy khen", "merit"),
    ("Cờ thi đua", "flag"),
    ("Huân chương", "order"),
)

# Section headings that say what follows.
HEADINGS = {
    "period": ("thời gian thi đua", "thời gian"),
    "contents": ("nội dung thi đua", "nội dung"),
    "awards": ("hình thức khen thưởng", "hình thức khen", "danh hiệu và hình thức"),
    "dossier": ("hồ sơ", "thủ tục"),
    "targets": ("đối tượng",),
    "criteria": ("tiêu chuẩn", "điều kiện"),
}

# "Nội dung 3: …" / "Nội dung thứ 3. …": a content written with its number.
CONTENT_WORDS = ("nội dung thứ", "nội dung số", "nội dung")

# The head cell of an assignment table's column of agencies ("Phân công thực hiện",
# "Cơ quan chủ trì theo dõi"), and of its column of numbers.
ASSIGNMENT_HEADERS = ("phân công", "chủ trì", "đơn vị thực hiện", "cơ quan thực hiện")
NUMBER_HEADERS = ("stt", "tt", "số tt", "số thứ tự")
# An agency written in running text after a content ("Đơn vị chủ trì: Phòng …").
AGENCY_LABELS = ("cơ quan chủ trì", "đơn vị chủ trì", "chủ trì thực hiện", "phân công")

# The period: its start when the plan says "from the day this plan is issued".
PERIOD_FROM_PLAN_DATE = ("ngày ký ban hành", "ngày ban hành", "ngày ký", "ngày phát động")
PERIOD_TO = ("đến hết ngày", "đến ngày", "đến hết", "đến")

# Documents a plan implements ("Thực hiện Kế hoạch số …"); only these kinds are references.
REFERENCE_INTRO = ("thực hiện", "căn cứ", "triển khai")
REFERENCE_KINDS = ("Kế hoạch",)
# Other instruments cited ("Căn cứ Nghị định số …"): reported, not references.
CITED_KINDS = ("Luật", "Nghị định", "Thông tư", "Quyết định", "Hướng dẫn", "Chỉ thị", "Công văn")

# Who issues the plan, from its opening: "<issuer> phát động …", "<issuer> ban hành …".
ISSUE_VERBS = ("phát động", "ban hành", "xây dựng kế hoạch")
# A header's second capitals line that is a unit under the first ("PHÒNG …" under "UBND …").
SUBORDINATE_WORDS = ("PHÒNG", "SỞ", "BAN", "TRƯỜNG", "TRUNG TÂM", "VĂN PHÒNG")
# The desk that runs the campaign for the issuing body, in the plan's assignments:
# "2. Phòng … phường: là cơ quan thường trực, … tiếp nhận văn bản …".
DESK_WORDS = ("cơ quan thường trực", "đơn vị thường trực", "bộ phận thường trực", "đầu mối")
# Words a campaign's name starts with in the plan's title, dropped from the name.
TITLE_VERBS = ("phát động", "tổ chức", "triển khai", "về việc", "v/v")

# Where the body ends (the closing lists and signature follow).
BODY_END = ("nơi nhận",)

# The dossier list: the line that opens it, and each part's words → the model's part key.
DOSSIER_INTRO = ("gồm", "bao gồm", "thành phần hồ sơ")
DOSSIER_PARTS = {
    "proposal": ("văn bản đề nghị", "tờ trình", "công văn đề nghị"),
    "council_minutes": ("biên bản",),
    "achievement_report": ("báo cáo … thành tích", "tóm tắt thành tích"),
    "tax_confirmation": ("thuế",),
}

# Shorter spellings of an award's name, for its aliases.
ABBREVIATIONS = (("Ủy ban nhân dân", "UBND"), ("Thành phố", "TP"))
