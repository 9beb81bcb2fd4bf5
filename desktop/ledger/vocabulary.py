"""The ledger's vocabulary: every category, status and kind, with its Vietnamese label.

One home for these words, importing neither SQL nor Qt, so records (the tables), rules (plain
Python), the UI and the exports all say the same thing. A record stores the enum's value; what an
officer reads comes from the label dictionaries here.
"""

from __future__ import annotations

from enum import StrEnum

# --- households and members -------------------------------------------------------------------


class Area(StrEnum):
    rural = "rural"  # nông thôn
    urban = "urban"  # thành thị


AREA_LABELS: dict[Area, str] = {Area.rural: "Nông thôn", Area.urban: "Thành thị"}


class Sex(StrEnum):
    male = "male"
    female = "female"


SEX_LABELS: dict[Sex, str] = {Sex.male: "Nam", Sex.female: "Nữ"}


class Education(StrEnum):
    """Highest level completed; the adult-education indicator is judged from it."""

    none = "none"
    primary = "primary"  # tiểu học
    lower_secondary = "lower_secondary"  # trung học cơ sở
    upper_secondary = "upper_secondary"  # trung học phổ thông
    vocational = "vocational"  # sơ cấp, trung cấp, cao đẳng nghề
    higher = "higher"  # cao đẳng, đại học


EDUCATION_LABELS: dict[Education, str] = {
    Education.none: "Chưa học xong tiểu học",
    Education.primary: "Tiểu học",
    Education.lower_secondary: "Trung học cơ sở",
    Education.upper_secondary: "Trung học phổ thông",
    Education.vocational: "Sơ cấp, trung cấp, cao đẳng nghề",
    Education.higher: "Cao đẳng, đại học trở lên",
}


class SchoolLevel(StrEnum):
    """The level a member attends now (bậc, cấp học đang theo học)."""

    preschool = "preschool"  # mầm non
    primary = "primary"  # tiểu học
    lower_secondary = "lower_secondary"  # trung học cơ sở
    upper_secondary = "upper_secondary"  # trung học phổ thông
    vocational = "vocational"  # giáo dục nghề nghiệp
    higher = "higher"  # cao đẳng, đại học


SCHOOL_LEVEL_LABELS: dict[SchoolLevel, str] = {
    SchoolLevel.preschool: "Mầm non",
    SchoolLevel.primary: "Tiểu học",
    SchoolLevel.lower_secondary: "Trung học cơ sở",
    SchoolLevel.upper_secondary: "Trung học phổ thông",
    SchoolLevel.vocational: "Giáo dục nghề nghiệp",
    SchoolLevel.higher: "Cao đẳng, đại học",
}


class Employment(StrEnum):
    working_with_contract = "working_with_contract"
    working_without_contract = "working_without_contract"  # làm công không hợp đồng
    self_employed = "self_employed"  # tự làm (nông nghiệp, buôn bán)
    unemployed = "unemployed"
    not_in_labour_force = "not_in_labour_force"  # trẻ em, người già, đang đi học


EMPLOYMENT_LABELS: dict[Employment, str] = {
    Employment.working_with_contract: "Làm công có hợp đồng lao động",
    Employment.working_without_contract: "Làm công không có hợp đồng lao động",
    Employment.self_employed: "Tự làm (nông nghiệp, kinh doanh)",
    Employment.unemployed: "Thất nghiệp",
    Employment.not_in_labour_force: "Không tham gia lực lượng lao động",
}


class Category(StrEnum):
    """A household's classification for a list year (phân loại hộ).

    Escaping poverty is not a category: it is a change between two years' categories (see
    `Transition`).
    """

    poor = "poor"  # hộ nghèo
    near_poor = "near_poor"  # hộ cận nghèo
    average = "average"  # hộ có mức sống trung bình
    other = "other"  # hộ khác (không thuộc các diện trên)


CATEGORY_LABELS: dict[Category, str] = {
    Category.poor: "Hộ nghèo",
    Category.near_poor: "Hộ cận nghèo",
    Category.average: "Hộ có mức sống trung bình",
    Category.other: "Hộ khác",
}


class Transition(StrEnum):
    """What happened between the lists of two consecutive years (biến động)."""

    escaped_poverty = "escaped_poverty"  # thoát nghèo: nghèo → cận nghèo, trung bình, khác
    escaped_near_poverty = "escaped_near_poverty"  # thoát cận nghèo: cận nghèo → TB, khác
    fell_into_poverty = "fell_into_poverty"  # phát sinh/tái nghèo: → nghèo
    fell_into_near_poverty = "fell_into_near_poverty"  # phát sinh cận nghèo: TB, khác → cận nghèo


TRANSITION_LABELS: dict[Transition, str] = {
    Transition.escaped_poverty: "Thoát nghèo",
    Transition.escaped_near_poverty: "Thoát cận nghèo",
    Transition.fell_into_poverty: "Phát sinh nghèo",
    Transition.fell_into_near_poverty: "Phát sinh cận nghèo",
}

# --- registrations and support ----------------------------------------------------------------


class RegistrationStatus(StrEnum):
    registered = "registered"  # đã đăng ký
    supported = "supported"  # đang được hỗ trợ
    reviewed = "reviewed"  # đã rà soát trong năm, chưa có kết quả cuối
    escaped = "escaped"  # đã thoát nghèo (có quyết định)
    not_yet = "not_yet"  # chưa thoát nghèo đúng hạn
    withdrawn = "withdrawn"  # rút đăng ký


REGISTRATION_STATUS_LABELS: dict[RegistrationStatus, str] = {
    RegistrationStatus.registered: "Đã đăng ký",
    RegistrationStatus.supported: "Đang được hỗ trợ",
    RegistrationStatus.reviewed: "Đã rà soát",
    RegistrationStatus.escaped: "Đã thoát nghèo",
    RegistrationStatus.not_yet: "Chưa thoát nghèo",
    RegistrationStatus.withdrawn: "Đã rút đăng ký",
}


class ReviewResult(StrEnum):
    on_track = "on_track"  # đúng tiến độ
    behind = "behind"  # chậm tiến độ
    escaped = "escaped"  # đạt: thoát nghèo
    not_escaped = "not_escaped"  # không đạt


REVIEW_RESULT_LABELS: dict[ReviewResult, str] = {
    ReviewResult.on_track: "Đúng tiến độ",
    ReviewResult.behind: "Chậm tiến độ",
    ReviewResult.escaped: "Đạt: thoát nghèo",
    ReviewResult.not_escaped: "Không đạt",
}


class SupportKind(StrEnum):
    policy_credit = "policy_credit"  # vay vốn Ngân hàng Chính sách xã hội
    seeds_livestock = "seeds_livestock"  # giống cây trồng, vật nuôi
    vocational_training = "vocational_training"  # đào tạo nghề
    job = "job"  # việc làm, xuất khẩu lao động
    housing = "housing"  # nhà ở
    clean_water = "clean_water"  # nước sạch, vệ sinh
    health_insurance = "health_insurance"  # bảo hiểm y tế
    schooling = "schooling"  # học phí, học bổng
    information = "information"  # thông tin
    other = "other"


SUPPORT_KIND_LABELS: dict[SupportKind, str] = {
    SupportKind.policy_credit: "Vay vốn tín dụng chính sách (NHCSXH)",
    SupportKind.seeds_livestock: "Giống cây trồng, vật nuôi",
    SupportKind.vocational_training: "Đào tạo nghề",
    SupportKind.job: "Việc làm",
    SupportKind.housing: "Nhà ở",
    SupportKind.clean_water: "Nước sạch, vệ sinh",
    SupportKind.health_insurance: "Bảo hiểm y tế",
    SupportKind.schooling: "Hỗ trợ học tập",
    SupportKind.information: "Thông tin",
    SupportKind.other: "Khác",
}


class Repayment(StrEnum):
    on_time = "on_time"  # trả đúng hạn
    overdue = "overdue"  # quá hạn
    repaid = "repaid"  # đã tất toán


REPAYMENT_LABELS: dict[Repayment, str] = {
    Repayment.on_time: "Trả đúng hạn",
    Repayment.overdue: "Quá hạn",
    Repayment.repaid: "Đã tất toán",
}

# --- model cases, commendation, targets -------------------------------------------------------


class ModelCaseKind(StrEnum):
    model = "model"  # mô hình giảm nghèo
    household = "household"  # hộ điển hình
    individual = "individual"  # cá nhân điển hình
    collective = "collective"  # tập thể điển hình
    initiative = "initiative"  # sáng kiến, cách làm hay


MODEL_CASE_KIND_LABELS: dict[ModelCaseKind, str] = {
    ModelCaseKind.model: "Mô hình giảm nghèo",
    ModelCaseKind.household: "Hộ gia đình điển hình",
    ModelCaseKind.individual: "Cá nhân điển hình",
    ModelCaseKind.collective: "Tập thể điển hình",
    ModelCaseKind.initiative: "Sáng kiến, cách làm hay",
}


class ModelCaseStatus(StrEnum):
    active = "active"  # đang thực hiện
    proposed_replication = "proposed_replication"  # đề xuất nhân rộng
    replicated = "replicated"  # đã nhân rộng
    proposed_commendation = "proposed_commendation"  # đề nghị khen thưởng
    closed = "closed"  # đã kết thúc


MODEL_CASE_STATUS_LABELS: dict[ModelCaseStatus, str] = {
    ModelCaseStatus.active: "Đang thực hiện",
    ModelCaseStatus.proposed_replication: "Đề xuất nhân rộng",
    ModelCaseStatus.replicated: "Đã nhân rộng",
    ModelCaseStatus.proposed_commendation: "Đề nghị khen thưởng",
    ModelCaseStatus.closed: "Đã kết thúc",
}


class SubjectType(StrEnum):
    """Who is proposed; the keys match the criteria data in resources/emulation."""

    household = "household"  # hộ nghèo, cận nghèo, mới thoát nghèo
    better_off_household = "better_off_household"  # hộ khá giúp hộ nghèo
    individual = "individual"
    official = "official"  # cán bộ, công chức
    village = "village"  # thôn, xóm, bản, ấp
    enterprise = "enterprise"  # doanh nghiệp, hợp tác xã, ngân hàng
    other_organisation = "other_organisation"


class Occasion(StrEnum):
    yearly = "yearly"  # hằng năm
    interim_review = "interim_review"  # sơ kết
    final_review = "final_review"  # tổng kết


OCCASION_LABELS: dict[Occasion, str] = {
    Occasion.yearly: "Hằng năm",
    Occasion.interim_review: "Sơ kết",
    Occasion.final_review: "Tổng kết",
}


class ProposalStatus(StrEnum):
    draft = "draft"  # đang lập
    proposed = "proposed"  # đã trình
    approved = "approved"  # đã có quyết định khen thưởng
    rejected = "rejected"  # không được khen


PROPOSAL_STATUS_LABELS: dict[ProposalStatus, str] = {
    ProposalStatus.draft: "Đang lập",
    ProposalStatus.proposed: "Đã trình",
    ProposalStatus.approved: "Đã khen thưởng",
    ProposalStatus.rejected: "Không được khen",
}

# Commendation forms (hình thức khen thưởng) and titles; a province's plan may name others,
# kept as written. Which forms a plan names is data: see resources/emulation.
FORM_LABELS: dict[str, str] = {
    "giay_khen": "Giấy khen",
    "bang_khen_chu_tich_tinh": "Bằng khen của Chủ tịch UBND tỉnh",
    "bang_khen_thu_tuong": "Bằng khen của Thủ tướng Chính phủ",
    "huan_chuong_lao_dong": "Huân chương Lao động",
    "lao_dong_tien_tien": "Danh hiệu Lao động tiên tiến",
    "gia_dinh_van_hoa": "Danh hiệu Gia đình văn hóa",
}


class TargetLevel(StrEnum):
    commune = "commune"
    village = "village"
    ethnic_minority = "ethnic_minority"
    khmer = "khmer"


TARGET_LEVEL_LABELS: dict[TargetLevel, str] = {
    TargetLevel.commune: "Toàn xã",
    TargetLevel.village: "Thôn, xóm",
    TargetLevel.ethnic_minority: "Hộ dân tộc thiểu số",
    TargetLevel.khmer: "Hộ dân tộc Khmer",
}

# --- places and accounts ----------------------------------------------------------------------


class VillageKind(StrEnum):
    thon = "thon"
    xom = "xom"
    ban = "ban"
    ap = "ap"
    khom = "khom"
    to_dan_pho = "to_dan_pho"
    lang = "lang"
    buon = "buon"
    plei = "plei"
    other = "other"


VILLAGE_KIND_LABELS: dict[VillageKind, str] = {
    VillageKind.thon: "Thôn",
    VillageKind.xom: "Xóm",
    VillageKind.ban: "Bản",
    VillageKind.ap: "Ấp",
    VillageKind.khom: "Khóm",
    VillageKind.to_dan_pho: "Tổ dân phố",
    VillageKind.lang: "Làng",
    VillageKind.buon: "Buôn",
    VillageKind.plei: "Plei",
    VillageKind.other: "Khác",
}


class Role(StrEnum):
    admin = "admin"  # quản trị: tạo tài khoản, sao lưu, phục hồi
    officer = "officer"  # cán bộ: nhập và sửa dữ liệu
    viewer = "viewer"  # chỉ xem, in


ROLE_LABELS: dict[Role, str] = {
    Role.admin: "Quản trị",
    Role.officer: "Cán bộ",
    Role.viewer: "Chỉ xem",
}


# --- causes of poverty named in a registration (nguyên nhân nghèo) -----------------------------

POVERTY_CAUSE_LABELS: dict[str, str] = {
    "lack_capital": "Thiếu vốn sản xuất",
    "lack_land": "Thiếu đất sản xuất",
    "lack_labour": "Thiếu lao động",
    "lack_skills": "Thiếu kiến thức, kỹ năng sản xuất",
    "lack_tools": "Thiếu phương tiện sản xuất",
    "illness": "Có người ốm đau, bệnh nặng, khuyết tật",
    "many_dependants": "Đông người ăn theo",
    "natural_disaster": "Thiên tai, rủi ro",
    "social_problems": "Mắc tệ nạn xã hội",
}


class ReferenceKind(StrEnum):
    """What a document the province publishes to its communes sets."""

    poverty_standard = "poverty_standard"  # chuẩn nghèo riêng của tỉnh
    emulation_plan = "emulation_plan"  # kế hoạch thi đua (tiêu chí, hình thức khen, chỉ tiêu)
