"""Demo quizzes in Kazakh and Russian, marked as demo. Idempotent: run twice, same content.

Stable keys for other apps (courses, lectures) — look them up with
``quizzes.selectors.quiz_by_slug(slug=..., language_code=...)``:

    demo-child-protection-pre-test    pre-test of the demo course (every question type, 1 attempt)
    demo-child-protection-post-test   post-test paired with the pre-test (pool of 8, draw 6, 20 minutes)
    demo-lecture-safety-self-check    anonymous self-check for the demo lecture (no personal data)

Their translation keys (and so their URLs /<lang>/quizzes/<key>/) are derived from the slug and
are the same on every machine. ``complete_attempt`` lets another demo loader record a learner's
attempt with full (or no) marks through the real services.
"""

import uuid

from django.db import transaction

from cms.home.demo import locales

from . import services
from .models import Attempt, Question, QuestionKind, Quiz, RevealAnswers
from .scoring import full_marks_response

NAMESPACE = uuid.UUID("5b0e6a4c-2f7e-4c52-9a55-1f3f0d6b9c11")
PRE_TEST = "demo-child-protection-pre-test"
POST_TEST = "demo-child-protection-post-test"
SELF_CHECK = "demo-lecture-safety-self-check"

S, M, TF, SA, MA = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.TRUE_FALSE,
    QuestionKind.SHORT_ANSWER,
    QuestionKind.MATCHING,
)

# Each question: kind, {lang: text}, answers, {lang: explanation}. Options are
# (correct, {lang: text}, {lang: feedback}); accepted answers are {lang: [texts]}; pairs are
# ({lang: item}, {lang: match}).
HELPLINE = (
    S,
    {
        "kk": "Балалар мен отбасыларға арналған бірыңғай сенім телефонының нөмірі қандай?",
        "ru": "Какой номер у единой линии помощи детям и семьям?",
    },
    [
        (True, {"kk": "111", "ru": "111"}, {}),
        (False, {"kk": "112", "ru": "112"}, {"kk": "112 — өмірге қауіп төнгендегі шұғыл қызмет нөмірі.", "ru": "112 — экстренная служба при угрозе жизни."}),
        (False, {"kk": "103", "ru": "103"}, {"kk": "103 — жедел медициналық жәрдем.", "ru": "103 — скорая медицинская помощь."}),
        (False, {"kk": "104", "ru": "104"}, {"kk": "104 — газ қызметі.", "ru": "104 — газовая служба."}),
    ],
    {"kk": "111 — тегін, тәулік бойы жұмыс істейді; QR-код арқылы чатқа да жазуға болады.", "ru": "111 — бесплатно и круглосуточно; написать в чат можно и по QR-коду."},
)
SIGNS = (
    M,
    {
        "kk": "Баланың үйде зорлық-зомбылық көруі мүмкін екенін қандай белгілер көрсетеді? Барлық дұрыс жауапты белгілеңіз.",
        "ru": "Какие признаки могут указывать на то, что ребёнок подвергается насилию дома? Отметьте все верные.",
    },
    [
        (True, {"kk": "Түсініксіз жарақаттар мен көгерулер", "ru": "Необъяснимые травмы и синяки"}, {}),
        (True, {"kk": "Мінез-құлықтың кенеттен өзгеруі", "ru": "Резкие изменения в поведении"}, {}),
        (True, {"kk": "Үйге барудан қорқу", "ru": "Страх идти домой"}, {}),
        (False, {"kk": "Математикадан жақсы баға алу", "ru": "Хорошие оценки по математике"}, {"kk": "Бұл өз алдына белгі емес.", "ru": "Само по себе это не признак."}),
        (False, {"kk": "Мектеп формасын кию", "ru": "Ношение школьной формы"}, {}),
    ],
    {"kk": "Бір белгі дәлел емес, бірақ бірнеше белгі — баламен сөйлесіп, хабарлауға негіз.", "ru": "Один признак — не доказательство, но несколько признаков — повод поговорить с ребёнком и сообщить."},
)
PROOF = (
    TF,
    {
        "kk": "Маман бала құқығының бұзылуы туралы хабарлау үшін алдымен дәлел жинауы керек.",
        "ru": "Специалист должен сначала собрать доказательства, прежде чем сообщить о нарушении прав ребёнка.",
    },
    False,
    {"kk": "Жеткілікті негізді күдік болса болғаны; фактілерді уәкілетті органдар тексереді.", "ru": "Достаточно обоснованного подозрения; факты проверяют уполномоченные органы."},
)
GUARDIANSHIP = (
    SA,
    {
        "kk": "Ата-ана қамқорлығынсыз қалған балалардың құқықтарын қорғайтын органның атауын жазыңыз.",
        "ru": "Напишите, как называется орган, который защищает права детей, оставшихся без попечения родителей.",
    },
    {
        "kk": ["Қамқоршылық және қорғаншылық органы", "қорғаншылық органы", "қамқоршылық органы"],
        "ru": ["Орган опеки и попечительства", "органы опеки и попечительства", "опека", "органы опеки"],
    },
    {"kk": "Бұл орган жергілікті атқарушы органның білім басқармасы жанында жұмыс істейді.", "ru": "Этот орган работает при управлении образования местного исполнительного органа."},
)
NUMBERS = (
    MA,
    {"kk": "Әр жағдайға тиісті нөмірді сәйкестендіріңіз.", "ru": "Сопоставьте каждую ситуацию с нужным номером."},
    [
        ({"kk": "Өмірге тікелей қауіп", "ru": "Прямая угроза жизни"}, {"kk": "112", "ru": "112"}),
        ({"kk": "Бала мен отбасына кеңес және көмек", "ru": "Совет и помощь ребёнку и семье"}, {"kk": "111", "ru": "111"}),
        ({"kk": "Полиция", "ru": "Полиция"}, {"kk": "102", "ru": "102"}),
        ({"kk": "Жедел медициналық жәрдем", "ru": "Скорая медицинская помощь"}, {"kk": "103", "ru": "103"}),
    ],
    {"kk": "Күмәнданған кезде — 112; кеңес керек болса — 111.", "ru": "Если сомневаетесь — 112; если нужен совет — 111."},
)
DISCLOSURE = (
    S,
    {
        "kk": "Бала сізге зорлық-зомбылық туралы айтты. Алдымен не істеу керек?",
        "ru": "Ребёнок рассказал вам о насилии. Что нужно сделать в первую очередь?",
    },
    [
        (True, {"kk": "Сабырмен тыңдау, балаға сену және оның кінәсі жоқ екенін айту", "ru": "Спокойно выслушать, поверить и сказать, что он не виноват"}, {}),
        (False, {"kk": "Құпияны ешкімге айтпауға уәде беру", "ru": "Пообещать никому не рассказывать"}, {"kk": "Құпия сақтауға уәде бермеңіз: сіз хабарлауға міндеттісіз.", "ru": "Не обещайте хранить тайну: вы обязаны сообщить."}),
        (False, {"kk": "Күдіктімен дереу өзі сөйлесу", "ru": "Сразу самому поговорить с подозреваемым"}, {"kk": "Бұл баланы қауіпке ұшыратуы мүмкін.", "ru": "Это может подвергнуть ребёнка опасности."}),
        (False, {"kk": "Баладан оқиғаны бүкіл сыныптың алдында қайталауды сұрау", "ru": "Попросить повторить рассказ перед всем классом"}, {}),
    ],
    {"kk": "Тыңдаңыз, сеніңіз, қауіпсіздігін қамтамасыз етіп, сол күні хабарлаңыз.", "ru": "Выслушайте, поверьте, обеспечьте безопасность и сообщите в тот же день."},
)
PUBLISH = (
    TF,
    {
        "kk": "Зардап шеккен бала туралы ақпаратты, егер бет-әлпеті жасырылса, мектептің әлеуметтік желісінде жариялауға болады.",
        "ru": "Информацию о пострадавшем ребёнке можно опубликовать на странице школы в соцсетях, если скрыть лицо.",
    },
    False,
    {"kk": "Баланы басқа белгілер бойынша да тануға болады; мұндай ақпарат жарияланбайды.", "ru": "Ребёнка можно узнать и по другим деталям; такие сведения не публикуются."},
)
TEAM = (
    M,
    {
        "kk": "Қиын жағдайдағы отбасын сүйемелдейтін топқа кімдер кіреді? Барлық дұрыс жауапты белгілеңіз.",
        "ru": "Кто входит в команду, сопровождающую семью в трудной ситуации? Отметьте все верные.",
    },
    [
        (True, {"kk": "Мектеп психологы", "ru": "Школьный психолог"}, {}),
        (True, {"kk": "Әлеуметтік педагог", "ru": "Социальный педагог"}, {}),
        (True, {"kk": "Кәмелетке толмағандар ісі жөніндегі инспектор", "ru": "Инспектор по делам несовершеннолетних"}, {}),
        (False, {"kk": "Журналист", "ru": "Журналист"}, {"kk": "Отбасы туралы мәліметтер құпия.", "ru": "Сведения о семье конфиденциальны."}),
    ],
    {"kk": "Топ ведомствоаралық: білім, денсаулық сақтау, әлеуметтік қорғау және полиция.", "ru": "Команда межведомственная: образование, здравоохранение, соцзащита и полиция."},
)
FREE_CALL = (
    TF,
    {"kk": "111 нөміріне тегін және кез келген уақытта қоңырау шалуға болады.", "ru": "На номер 111 можно позвонить бесплатно и в любое время."},
    True,
    {"kk": "Иә. Сондай-ақ чатқа жазуға болады.", "ru": "Да. Можно также написать в чат."},
)
ONLINE = (
    S,
    {
        "kk": "Интернетте біреу жеке фотосуреттеріңді сұрап, қорқытса, не істеу керек?",
        "ru": "Что делать, если в интернете у тебя просят личные фото и угрожают?",
    },
    [
        (True, {"kk": "Хатты сақтап, сенімді ересекке айту немесе 111-ге хабарласу", "ru": "Сохранить переписку и рассказать взрослому, которому доверяешь, или позвонить в 111"}, {}),
        (False, {"kk": "Қорқытпасын деп фотосуретті жіберу", "ru": "Отправить фото, чтобы перестали угрожать"}, {"kk": "Жоқ: қорқыту одан әрі күшейеді.", "ru": "Нет: угрозы обычно только усиливаются."}),
        (False, {"kk": "Ешкімге айтпау, өзім кінәлімін", "ru": "Никому не говорить, я сам виноват"}, {"kk": "Сен кінәлі емессің.", "ru": "Ты не виноват."}),
    ],
    {"kk": "Кінәлі — қорқытатын адам, сен емес.", "ru": "Виноват тот, кто угрожает, а не ты."},
)

QUIZZES = {
    PRE_TEST: {
        "title": {"kk": "Баланы қорғау негіздері: алдын ала тест (демо)", "ru": "Основы защиты детей: входной тест (демо)"},
        "intro": {
            "kk": "Демо тест. Курстың басында біліміңізді тексеріңіз — нәтиже бағаға әсер етпейді.",
            "ru": "Демонстрационный тест. Проверьте свои знания в начале курса — результат не влияет на оценку.",
        },
        "rules": {"pass_mark": 0, "max_attempts": 1, "reveal_answers": RevealAnswers.NEVER, "shuffle_questions": False},
        "questions": [HELPLINE, SIGNS, PROOF, GUARDIANSHIP, NUMBERS, DISCLOSURE],
    },
    POST_TEST: {
        "title": {"kk": "Баланы қорғау негіздері: қорытынды тест (демо)", "ru": "Основы защиты детей: итоговый тест (демо)"},
        "intro": {
            "kk": "Демо тест. Курсты аяқтау үшін 70 % жинаңыз. Әр әрекетте 8 сұрақтың 6-уы кездейсоқ таңдалады; 20 минут.",
            "ru": "Демонстрационный тест. Для завершения курса наберите 70 %. В каждой попытке 6 случайных вопросов из 8; 20 минут.",
        },
        "rules": {
            "pass_mark": 70,
            "max_attempts": 3,
            "time_limit_minutes": 20,
            "draw_count": 6,
            "reveal_answers": RevealAnswers.AFTER_PASSING_OR_LAST,
        },
        "questions": [HELPLINE, SIGNS, PROOF, GUARDIANSHIP, NUMBERS, DISCLOSURE, PUBLISH, TEAM],
        "pre_test": PRE_TEST,
    },
    SELF_CHECK: {
        "title": {"kk": "Қауіпсіздік: өзіңді тексер (демо)", "ru": "Безопасность: проверь себя (демо)"},
        "intro": {
            "kk": "Демо. Жасырын тест: атың да, құрылғың да сақталмайды.",
            "ru": "Демо. Анонимный тест: ни имя, ни устройство не сохраняются.",
        },
        "rules": {"pass_mark": 60, "allow_anonymous": True, "reveal_answers": RevealAnswers.AFTER_EACH_ATTEMPT},
        "questions": [FREE_CALL, ONLINE, NUMBERS],
    },
}


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def _question_fields(spec, slug: str, index: int, lang: str) -> dict:
    kind, text, answers, explanation = spec
    fields = {
        "kind": kind,
        "text": text[lang],
        "explanation": explanation[lang],
        "answers": [],
        "true_false_answer": None,
    }
    # Block ids are the same in both languages, as wagtail-localize keeps them.
    if kind in (S, M):
        fields["answers"] = [
            {
                "type": "option",
                "id": str(_key(slug, index, "option", j)),
                "value": {"text": label[lang], "correct": correct, "weight": None, "feedback": feedback.get(lang, "")},
            }
            for j, (correct, label, feedback) in enumerate(answers)
        ]
    elif kind == TF:
        fields["true_false_answer"] = answers
    elif kind == SA:
        fields["answers"] = [
            {"type": "accepted_answer", "id": str(_key(slug, index, "accepted", lang, j)), "value": {"text": text_, "weight": None, "feedback": ""}}
            for j, text_ in enumerate(answers[lang])
        ]
    elif kind == MA:
        fields["answers"] = [
            {"type": "pair", "id": str(_key(slug, index, "pair", j)), "value": {"prompt": item[lang], "match": match[lang]}}
            for j, (item, match) in enumerate(answers)
        ]
    return fields


def _upsert_quiz(slug: str, spec: dict, lang: str, found_locales, quizzes: dict) -> Quiz:
    key = _key(slug)
    quiz = Quiz.objects.filter(translation_key=key, locale=found_locales[lang]).first() or Quiz(
        translation_key=key, locale=found_locales[lang]
    )
    quiz.slug = slug
    quiz.title = spec["title"][lang]
    quiz.intro = spec["intro"][lang]
    for name, value in spec["rules"].items():
        setattr(quiz, name, value)
    quiz.pre_test = quizzes[spec["pre_test"]][lang] if spec.get("pre_test") else None
    quiz.save()
    keep = []
    for index, question_spec in enumerate(spec["questions"]):
        question_key = _key(slug, "question", index)
        keep.append(question_key)
        Question.objects.update_or_create(
            quiz=quiz,
            translation_key=question_key,
            defaults={"locale": quiz.locale, "sort_order": index, **_question_fields(question_spec, slug, index, lang)},
        )
    quiz.questions.exclude(translation_key__in=keep).delete()
    return quiz


@transaction.atomic
def load(stdout) -> None:
    found = locales()
    quizzes: dict[str, dict[str, Quiz]] = {}
    for slug, spec in QUIZZES.items():
        quizzes[slug] = {lang: _upsert_quiz(slug, spec, lang, found, quizzes) for lang in ("kk", "ru")}
    stdout.write(
        f"Quizzes: {', '.join(QUIZZES)} in kk and ru "
        f"(pre/post pair; every question type; one anonymous self-check)."
    )


def complete_attempt(*, quiz: Quiz, user, full_marks: bool = True) -> Attempt:
    """Start and submit an attempt for ``user`` through the services, with full or no marks.

    For other demo loaders (a learner who completed the course). Returns the submitted attempt;
    if the user has no attempts left, their best attempt.
    """
    try:
        attempt = services.start_attempt(quiz=quiz, user=user)
    except services.QuizClosed:
        return services.best_result(quiz=quiz, user=user)
    questions = Question.objects.in_bulk(attempt.question_ids)
    answers = {str(pk): full_marks_response(q) for pk, q in questions.items()} if full_marks else {}
    return services.submit_attempt(attempt=attempt, answers=answers, idempotency_key=attempt.idempotency_key)
