"""Word lists and sentence templates for synthetic records: parallel Korean and English text.

Every entry is a (Korean, English) pair, so a generated sentence exists in both languages and
means the same in each. Korean particles are written as `(은)`, `(을)`, `(이)`, `(과)`, `(으로)`
after a slot and chosen by `korean_particles` from the last syllable (받침) of the word before.
"""

from __future__ import annotations

import re

Pair = tuple[str, str]

REGIONS: list[Pair] = [
    ("서울", "Seoul"),
    ("부산", "Busan"),
    ("대구", "Daegu"),
    ("인천", "Incheon"),
    ("광주", "Gwangju"),
    ("대전", "Daejeon"),
    ("울산", "Ulsan"),
    ("세종", "Sejong"),
    ("경기", "Gyeonggi"),
    ("강원", "Gangwon"),
    ("충북", "Chungbuk"),
    ("충남", "Chungnam"),
    ("전북", "Jeonbuk"),
    ("전남", "Jeonnam"),
    ("경북", "Gyeongbuk"),
    ("경남", "Gyeongnam"),
    ("제주", "Jeju"),
    ("창원", "Changwon"),
    ("수원", "Suwon"),
    ("포항", "Pohang"),
]
ORGS: list[Pair] = [
    ("지역혁신센터", "the regional innovation centre"),
    ("기술지원단", "the technology support unit"),
    ("산학협력단", "the industry–university cooperation office"),
    ("창업보육센터", "the start-up incubator"),
    ("수출지원센터", "the export support centre"),
    ("산업기술연구원", "the industrial technology institute"),
    ("테크노파크", "the technopark"),
    ("중소기업정보지원센터", "the SME information support centre"),
    ("전문가 협의회", "the council of experts"),
    ("공동연구소", "the joint research laboratory"),
]
TARGETS: list[Pair] = [
    ("중소기업", "SMEs"),
    ("창업기업", "start-ups"),
    ("제조 중소기업", "small manufacturers"),
    ("수출 초보 기업", "first-time exporters"),
    ("벤처기업", "venture companies"),
    ("소상공인", "small businesses"),
    ("기술 기반 창업기업", "technology start-ups"),
    ("지역 중견기업", "regional mid-sized companies"),
]
NEEDS: list[Pair] = [
    ("기술 애로", "technical bottlenecks"),
    ("시제품 제작", "prototype development"),
    ("해외 판로 개척", "finding overseas buyers"),
    ("품질 인증", "quality certification"),
    ("공정 개선", "process improvement"),
    ("특허 전략", "patent strategy"),
    ("디지털 전환", "digital transformation"),
    ("인력 양성", "workforce training"),
    ("자금 조달", "raising finance"),
    ("시험·분석", "testing and analysis"),
    ("신제품 개발", "new product development"),
    ("에너지 절감", "energy savings"),
]
METHODS: list[Pair] = [
    ("1:1 전담 멘토링", "one-to-one dedicated mentoring"),
    ("현장 방문 컨설팅", "on-site consulting visits"),
    ("전문가 자문", "expert advice"),
    ("공동 연구", "joint research"),
    ("장비 활용 지원", "access to test equipment"),
    ("기술 정보 제공", "technical information services"),
    ("맞춤형 교육", "tailored training"),
    ("시장 조사", "market research"),
    ("기술 이전", "technology transfer"),
    ("사업화 자문", "commercialisation advice"),
]
RESULTS: list[Pair] = [
    ("매출", "sales"),
    ("수출액", "exports"),
    ("신규 고용", "new hires"),
    ("특허 출원", "patent filings"),
    ("생산성", "productivity"),
    ("거래처", "customers"),
]
PRODUCTS: list[Pair] = [
    ("정밀 부품", "precision parts"),
    ("의료기기", "medical devices"),
    ("시험장비", "testing equipment"),
    ("가공식품", "processed foods"),
    ("스마트 센서", "smart sensors"),
    ("친환경 소재", "eco-friendly materials"),
    ("산업용 로봇", "industrial robots"),
    ("화장품", "cosmetics"),
    ("배터리 부품", "battery components"),
    ("산업용 소프트웨어", "industrial software"),
    ("자동차 부품", "automotive parts"),
    ("광학 렌즈", "optical lenses"),
]
COMPANY_HEADS: list[Pair] = [
    ("한빛", "Hanbit"),
    ("새솔", "Saesol"),
    ("누리", "Nuri"),
    ("미래", "Mirae"),
    ("하늘", "Haneul"),
    ("온새미", "Onsaemi"),
    ("다온", "Daon"),
    ("가람", "Garam"),
    ("세움", "Seum"),
    ("바른", "Bareun"),
    ("푸른", "Pureun"),
    ("아름", "Areum"),
    ("도담", "Dodam"),
    ("한결", "Hangyeol"),
]
COMPANY_TAILS: list[Pair] = [
    ("테크", "Tech"),
    ("정밀", "Precision"),
    ("바이오", "Bio"),
    ("소재", "Materials"),
    ("시스템즈", "Systems"),
    ("메디컬", "Medical"),
    ("엔지니어링", "Engineering"),
    ("전자", "Electronics"),
    ("랩스", "Labs"),
]
PERSONS: list[Pair] = [
    ("김민준", "Kim Min-jun"),
    ("이서연", "Lee Seo-yeon"),
    ("박지호", "Park Ji-ho"),
    ("최수아", "Choi Su-a"),
    ("정우진", "Jeong Woo-jin"),
    ("강하은", "Kang Ha-eun"),
    ("조현우", "Jo Hyeon-u"),
    ("윤지민", "Yun Ji-min"),
]
TITLES: list[Pair] = [("원장", "President"), ("센터장", "Director"), ("대표", "Chief executive"), ("단장", "Head")]
STEPS: list[Pair] = [
    ("수요조사", "Demand survey"),
    ("신청 접수", "Application"),
    ("서류 심사", "Document review"),
    ("대상 기업 선정", "Selection of companies"),
    ("전담 멘토 지정", "Assignment of a dedicated mentor"),
    ("현장 진단", "On-site diagnosis"),
    ("CEO 면담", "Interview with the CEO"),
    ("지원 계획 수립", "Support plan"),
    ("협약 체결", "Agreement signed"),
    ("과제 수행", "Project work"),
    ("중간 점검", "Mid-term review"),
    ("성과 평가", "Evaluation of results"),
    ("결과 보고서 작성", "Final report"),
    ("사후 관리", "Follow-up"),
]
UNITS: list[Pair] = [("개 기업", "companies"), ("건", "projects"), ("명", "experts"), ("억 원", "hundred million won")]
MARKETS = ["US", "FR", "NL", "DE"]

#: (Korean, English) sentence templates; slots: org target need method result product region n year.
SENTENCES: list[Pair] = [
    (
        "{org}(은) {target}의 {need}(을) 해결하기 위해 {method}(을) 지원합니다.",
        "{org} offers {method} to help {target} overcome {need}.",
    ),
    (
        "지원을 받은 기업은 {year}년 이후 {result}(이) 평균 {n}% 늘었습니다.",
        "Companies that took part have raised their {result} by {n}% on average since {year}.",
    ),
    (
        "{target}(은) 신청서를 내면 {method}(과) 함께 {need}에 관한 상담을 받을 수 있습니다.",
        "{target} that apply receive {method} together with advice on {need}.",
    ),
    (
        "{region} 지역의 {target}(이) 가장 많이 찾는 지원은 {need}입니다.",
        "The support most often requested by {target} in {region} is help with {need}.",
    ),
    (
        "{org}(은) 대학과 연구기관의 전문가 {n}명으로 자문단을 꾸려 운영합니다.",
        "{org} runs an advisory panel of {n} experts from universities and research institutes.",
    ),
    (
        "{product} 분야의 기업은 {method}(으로) {need} 기간을 크게 줄였습니다.",
        "Companies making {product} cut the time spent on {need} considerably through {method}.",
    ),
    (
        "지원 기간은 보통 {n}개월이며, 필요하면 한 차례 연장할 수 있습니다.",
        "Support usually lasts {n} months and can be extended once if needed.",
    ),
    (
        "출처에는 비용과 선정 기준이 자세히 나오지 않습니다.",
        "The source does not give the cost or the selection criteria in detail.",
    ),
    (
        "{year}년에는 **{method}**(이) 새로 도입되어 참여 기업이 늘었습니다.",
        "In {year} **{method}** was introduced, and more companies took part.",
    ),
    (
        "{org}(은) {region}의 {product} 기업과 함께 {need} 사례를 모아 공개합니다.",
        "{org} collects and publishes examples of {need} with {product} makers in {region}.",
    ),
]

_PARTICLES = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와"), "으로": ("으로", "로")}
_PARTICLE_SLOT = re.compile(r"(.)(\**)\((은|이|을|과|으로)\)")


def korean_particles(text: str) -> str:
    """Choose 은/는, 이/가, 을/를, 과/와, 으로/로 by whether the syllable before has a final consonant."""

    def pick(match: re.Match) -> str:
        before, stars, particle = match.groups()
        with_final, without = _PARTICLES[particle]
        final = (ord(before) - 0xAC00) % 28 if "가" <= before <= "힣" else 0
        if particle == "으로" and final == 8:  # ㄹ takes 로
            final = 0
        return before + stars + (with_final if final else without)

    return _PARTICLE_SLOT.sub(pick, text)
