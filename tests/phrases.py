"""Parallel Ukrainian and English phrases the synthetic corpus is made of.

Every entry is a (uk, en) pair so that the two languages of one item say the
same thing. Ukrainian slots are filled with nominative forms only: a topic is
always named after a noun and in quotes («напрям «...»»), numbers are 5 or more
after `понад`/`за`, so no template needs case or plural agreement.
Slots: {topic}, {place}, {partner}, {n}, {period}.
"""

from __future__ import annotations

#: (uk, en, slug part)
TOPICS = (
    ("Кухня ідей", "Kitchen of Ideas", "kitchen-of-ideas"),
    ("соціальне підприємництво", "social entrepreneurship", "social-entrepreneurship"),
    ("громадські ініціативи", "civic initiatives", "civic-initiatives"),
    ("місцевий бізнес", "local business", "local-business"),
    ("молодіжні проєкти", "youth projects", "youth-projects"),
    ("цифрові навички", "digital skills", "digital-skills"),
    ("міські простори", "urban spaces", "urban-spaces"),
    ("екологічні ініціативи", "environmental initiatives", "green-initiatives"),
    ("фандрейзинг", "fundraising", "fundraising"),
    ("волонтерство", "volunteering", "volunteering"),
    ("креативні індустрії", "creative industries", "creative-industries"),
    ("інклюзія", "inclusion", "inclusion"),
)

#: (uk venue, uk address, en venue, en address, "lat, lon")
VENUES = (
    ("Вільна Хата", "вул. Паркова, 17, Краматорськ", "Vilna Khata",
     "17 Parkova St, Kramatorsk", "48.7389, 37.5848"),
    ("Міська бібліотека", "вул. Бібліотечна, 5, Краматорськ", "City Library",
     "5 Bibliotechna St, Kramatorsk", "48.7365, 37.5561"),
    ("Палац культури", "пл. Миру, 1, Краматорськ", "Palace of Culture",
     "1 Myru Sq, Kramatorsk", "48.7231, 37.5602"),
    ("Технопарк", "вул. Академічна, 44, Краматорськ", "Technopark",
     "44 Akademichna St, Kramatorsk", "48.7452, 37.5911"),
    ("Ресурсний центр", "вул. Шкільна, 8, Слов'янськ", "Resource Centre",
     "8 Shkilna St, Sloviansk", "48.8530, 37.6050"),
)

PARTNERS = (
    ("Львівський освітній фонд", "the Lviv Education Foundation"),
    ("Асоціація малого бізнесу", "the Small Business Association"),
    ("Молодіжна рада міста", "the City Youth Council"),
    ("Агенція розвитку Донеччини", "the Donetsk Region Development Agency"),
    ("Центр громадських ініціатив", "the Civic Initiatives Centre"),
    ("Клуб підприємців Краматорська", "the Kramatorsk Entrepreneurs' Club"),
)

PERIODS = (("місяць", "a month"), ("три місяці", "three months"),
           ("пів року", "six months"), ("рік", "a year"))
NUMBERS = (15, 20, 25, 30, 40, 50, 60, 80)

CATEGORIES = (("Новини", "News"), ("Анонси", "Announcements"),
              ("Звіти", "Reports"), ("Історії", "Stories"))

TAGS = (
    ("соціальне підприємництво", "social entrepreneurship"), ("Кухня ідей", "kitchen of ideas"),
    ("бізнес", "business"), ("молодь", "youth"), ("волонтери", "volunteers"),
    ("гранти", "grants"), ("освіта", "education"), ("Вільна Хата", "Vilna Khata"),
    ("громада", "community"), ("партнерство", "partnership"), ("менторство", "mentoring"),
    ("екологія", "environment"), ("культура", "culture"), ("цифрові навички", "digital skills"),
    ("інклюзія", "inclusion"), ("стартапи", "startups"), ("місцева влада", "local government"),
    ("медіа", "media"), ("фандрейзинг", "fundraising"), ("Краматорськ", "Kramatorsk"),
    ("Слов'янськ", "Sloviansk"), ("презентація", "presentation"), ("курси", "courses"),
    ("дослідження", "research"),
)

ARTICLE_TITLES = (
    ("Напрям «{topic}»: підсумки зустрічі в просторі «{place}»",
     "{Topic}: results of the meeting at {place}"),
    ("Нова програма «{topic}» стартує у Краматорську",
     "A new {topic} programme starts in Kramatorsk"),
    ("Відкрита дискусія на тему «{topic}»", "An open discussion on {topic}"),
    ("Результати тижня: {topic}", "Week in review: {topic}"),
    ("Запрошуємо до обговорення: {topic}", "Join the discussion: {topic}"),
    ("Тема «{topic}»: що змінилося за {period}", "{Topic}: what changed in {period}"),
    ("Історія учасника: {topic} на практиці", "A participant's story: {topic} in practice"),
    ("{partner} і платформа: спільний проєкт", "{Partner} and the platform: a joint project"),
)

SUMMARIES = (
    ("Розповідаємо, що обговорили учасники в просторі «{place}» і які ідеї підтримаємо далі.",
     "What the participants discussed at {place} and which ideas we will support next."),
    ("Коротко про головне: понад {n} учасників, нові партнери і план на {period}.",
     "In short: more than {n} participants, new partners and a plan for {period}."),
    ("Як напрям «{topic}» допомагає громаді Краматорська — підсумки і наступні кроки.",
     "How {topic} helps the Kramatorsk community: results and next steps."),
    ("Серед партнерів — {partner}; розповідаємо, як долучитися.",
     "Among the partners is {partner}; here is how to join in."),
)

SENTENCES = (
    ("Зустріч відбулася у просторі «{place}» і зібрала понад {n} учасників.",
     "The meeting took place at {place} and brought together more than {n} participants."),
    ("Учасники обговорили, як напрям «{topic}» може змінити життя громади.",
     "Participants discussed how {topic} can change the life of the community."),
    ("Серед партнерів заходу — {partner}.", "Among the partners of the event was {partner}."),
    ("Кожен учасник отримав практичні поради та контакти наставників.",
     "Every participant received practical advice and the contacts of mentors."),
    ("Наступний крок — серія воркшопів для тих, хто вже має ідею.",
     "The next step is a series of workshops for those who already have an idea."),
    ("Ми віримо, що сильна громада починається з відкритої розмови.",
     "We believe that a strong community starts with an open conversation."),
    ("Запис на наступні заходи вже відкрито.", "Registration for the next events is open."),
    ("За {period} команда провела {n} консультацій для місцевих ініціатив.",
     "Over {period} the team held {n} consultations for local initiatives."),
    ("Особливу увагу приділили питанням фінансової стійкості.",
     "Special attention was paid to financial sustainability."),
    ("Представники влади, бізнесу та громадських організацій працювали в змішаних групах.",
     "Representatives of the authorities, business and civic organisations worked in "
     "mixed groups."),
    ("Кожна група представила власне бачення розвитку міста.",
     "Each group presented its own vision of how the city should develop."),
    ("Журі відзначило проєкти, що поєднують *соціальний ефект* і прибуток.",
     "The jury praised projects that combine *social impact* and income."),
    ("Після презентацій учасники продовжили спілкування за кавою.",
     "After the presentations the participants kept talking over coffee."),
    ("Презентації спікерів доступні на запит.", "The speakers' slides are available on request."),
    ("Програма «{topic}» триватиме до кінця року.",
     "The {topic} programme will run until the end of the year."),
    ("Ми дякуємо всім, хто долучився до підготовки.",
     "We thank everyone who helped to prepare it."),
    ("Більшість ідей народилася саме під час неформального спілкування.",
     "Most ideas were born in informal conversations."),
    ("Краматорськ має все, щоб стати **центром соціальних інновацій** на сході України.",
     "Kramatorsk has everything it needs to become a **centre of social innovation** in "
     "eastern Ukraine."),
    ("Наставники допомогли командам перевірити бізнес-моделі.",
     "Mentors helped the teams test their business models."),
    ("Участь безкоштовна, але кількість місць обмежена.",
     "Participation is free, but places are limited."),
    ("Окрему сесію присвятили темі «{topic}».", "A separate session was devoted to {topic}."),
    ("Учасники склали план дій на найближчі три місяці.",
     "Participants drew up an action plan for the next three months."),
    ("Досвідом поділилися підприємці з Харкова, Дніпра та Львова.",
     "Entrepreneurs from Kharkiv, Dnipro and Lviv shared their experience."),
    ("Місцеві медіа розповіли про подію в новинах.", "Local media covered the event in the news."),
    ("Кожна ідея, яку ми почули, заслуговує на підтримку.",
     "Every idea we heard deserves support."),
    ("Ми й далі збираємо відгуки та пропозиції.", "We keep collecting feedback and suggestions."),
    ("Найактивніші учасники зможуть пройти стажування.",
     "The most active participants will be able to do an internship."),
    ("Разом ми шукаємо рішення, які працюють для всього міста.",
     "Together we look for solutions that work for the whole city."),
    ("Команда платформи відповіла на запитання про грантові можливості.",
     "The platform's team answered questions about grant opportunities."),
    ("Наприкінці зустрічі учасники заповнили анкету зворотного звʼязку.",
     "At the end of the meeting the participants filled in a feedback form."),
)

HEADINGS = (
    ("Як це було", "How it went"), ("Що обговорювали", "What we discussed"),
    ("Головні висновки", "Key takeaways"), ("Хто взяв участь", "Who took part"),
    ("Що далі", "What's next"), ("Як долучитися", "How to join"), ("Результати", "Results"),
    ("Подяки", "Thanks"), ("Контекст", "Background"), ("Думки учасників", "What participants said"),
)

LIST_ITEMS = (
    ("консультації з бізнес-планування", "business planning consultations"),
    ("менторська підтримка", "mentoring"),
    ("доступ до коворкінгу", "access to the coworking space"),
    ("навчальні матеріали українською", "learning materials in Ukrainian"),
    ("зустрічі з інвесторами", "meetings with investors"),
    ("юридичні консультації", "legal advice"),
    ("допомога з грантовими заявками", "help with grant applications"),
    ("місце на ярмарку соціальних підприємств", "a stand at the social enterprise fair"),
    ("відкриті лекції", "open lectures"), ("дискусійні клуби", "discussion clubs"),
    ("стажування у партнерських організаціях", "internships with partner organisations"),
)

QUOTES = (
    ("Найцінніше — це люди, яких я тут зустріла.",
     "The most valuable thing is the people I met here."),
    ("Я вперше побачив, що мою ідею можна перетворити на справу.",
     "For the first time I saw that my idea can become a business."),
    ("Тут не бояться питати і пробувати знову.", "Here nobody is afraid to ask and to try again."),
)

TABLE = (("Показник", "Значення", "Учасники", "Ідеї", "Партнери"),
         ("Figure", "Value", "Participants", "Ideas", "Partners"))

READ_MORE = ("Детальніше — у матеріалі [{title}]({link}).", "Read more: [{title}]({link}).")
PAGE_LINK = ("Про наших партнерів — на сторінці [«Партнери та фінансування»]({link}).",
             "Our partners are listed on the [partners and funding]({link}) page.")
EXTERNAL_LINK = ("Усі матеріали зустрічі [викладено на сайті партнера](https://example.org/{slug}).",
                 "All materials are [published on our partner's site](https://example.org/{slug}).")

EVENT_TITLES = (
    ("Відкрита зустріч на тему «{topic}»", "Open meeting on {topic}"),
    ("Воркшоп: {topic}", "Workshop: {topic}"),
    ("Лекція на тему «{topic}»", "Lecture on {topic}"),
    ("Презентація проєктів у просторі «{place}»", "Project presentations at {place}"),
    ("Кухня ідей: напрям «{topic}»", "Kitchen of Ideas: {topic}"),
)
SESSION_TITLE = ("Курс «{course}»: щотижневе заняття", "{course}: weekly class")
EVENT_SENTENCES = (
    ("Запрошуємо всіх, хто хоче змінити місто на краще.",
     "We invite everyone who wants to make the city better."),
    ("Вхід вільний за попередньою реєстрацією.", "Entry is free with prior registration."),
    ("Захід проходитиме українською мовою.", "The event will be held in Ukrainian."),
    ("Ведучі — команда платформи та запрошені експерти.",
     "Hosted by the platform's team and invited experts."),
    ("Візьміть із собою ноутбук або блокнот.", "Bring a laptop or a notebook."),
    ("Після основної частини буде час для запитань і знайомств.",
     "After the main part there will be time for questions and networking."),
    ("Простір доступний для людей на візках.", "The venue is wheelchair accessible."),
    ("Серед партнерів — {partner}.", "Among the partners is {partner}."),
)
PROGRAMME = (("знайомство", "introductions"), ("виступи спікерів", "talks"),
             ("робота в групах", "group work"), ("презентація результатів", "presenting results"),
             ("кава та нетворкінг", "coffee and networking"),
             ("запитання та відповіді", "questions and answers"))
EVENT_HEADINGS = (("Програма", "Programme"), ("Для кого", "Who it is for"),
                  ("Реєстрація", "Registration"))
CANCELLED = ("**Захід скасовано.** Вибачте за незручності.",
             "**This event is cancelled.** We apologise for the inconvenience.")
POSTPONED = ("**Захід перенесено.** Нову дату оголосимо згодом.",
             "**This event is postponed.** We will announce the new date soon.")
REGISTER = ("Зареєструватися можна [за посиланням]({url}).", "Please [register online]({url}).")

#: (slug, uk title, en title)
COURSES = (
    ("social-entrepreneurship", "Соціальне підприємництво: перші кроки",
     "Social entrepreneurship: first steps"),
    ("project-management", "Управління проєктами", "Project management"),
    ("grant-writing", "Як написати грантову заявку", "Writing a grant application"),
    ("digital-marketing", "Цифровий маркетинг для громадських організацій",
     "Digital marketing for NGOs"),
    ("financial-literacy", "Фінансова грамотність", "Financial literacy"),
    ("public-speaking", "Публічні виступи", "Public speaking"),
    ("design-thinking", "Дизайн-мислення", "Design thinking"),
    ("volunteer-management", "Робота з волонтерами", "Working with volunteers"),
)
COHORT = ("{title}, потік {n}", "{title}, cohort {n}")
COURSE_SUMMARY = ("Практичний курс для тих, хто хоче запустити власний проєкт у громаді.",
                  "A practical course for those who want to start a project in their community.")
#: (uk, en, description uk, description en) for the `### ` modules of plugins/courses.
COURSE_MODULES = (
    ("Вступ і знайомство", "Introduction",
     "Знайомимося з групою і домовляємося, чого хочемо досягти.",
     "We get to know the group and agree on what we want to achieve."),
    ("Аналіз потреб громади", "Community needs",
     "Вчимося ставити запитання людям, для яких створюємо проєкт.",
     "We learn to ask questions of the people the project is for."),
    ("Бізнес-модель", "Business model",
     "Описуємо, хто платить, за що і скільки коштує робота.",
     "We describe who pays, for what, and what the work costs."),
    ("Фінанси та звітність", "Finance and reporting",
     "Складаємо простий бюджет і вчимося звітувати донорам.",
     "We draw up a simple budget and learn to report to donors."),
    ("Комунікації", "Communications",
     "Розповідаємо про проєкт так, щоб його зрозуміли й підтримали.",
     "We tell the project's story so that people understand and support it."),
    ("Партнерства", "Partnerships",
     "Шукаємо партнерів серед бізнесу, влади та громадських організацій.",
     "We look for partners among businesses, the authorities and NGOs."),
    ("Презентація проєкту", "Pitching the project",
     "Готуємо коротку презентацію і репетируємо її з наставниками.",
     "We prepare a short pitch and rehearse it with mentors."),
    ("Оцінка результатів", "Measuring results",
     "Вирішуємо, як зрозуміти, що проєкт справді допомагає.",
     "We decide how to tell whether the project really helps."),
)
COURSE_OUTCOMES = (
    ("Учасники вміють описати соціальну проблему та її причини.",
     "Participants can describe a social problem and its causes."),
    ("Учасники складають простий бюджет проєкту.", "Participants draw up a simple project budget."),
    ("Учасники презентують ідею партнерам і донорам.",
     "Participants present their idea to partners and donors."),
    ("Учасники знають, де шукати гранти та наставників.",
     "Participants know where to look for grants and mentors."),
    ("Учасники вміють оцінити результати своєї роботи.",
     "Participants can assess the results of their work."),
)
COURSE_AUDIENCE = (("підприємці-початківці", "aspiring entrepreneurs"),
                   ("громадські активісти", "civic activists"), ("студенти", "students"),
                   ("працівники громадських організацій", "NGO staff"))
COURSE_LEVELS = (("початковий", "beginner"), ("середній", "intermediate"))
COURSE_FORMATS = (("очно", "in person"), ("онлайн", "online"), ("змішаний", "mixed"))
INSTRUCTORS = (("Олена Коваль", "Olena Koval"), ("Андрій Мельник", "Andrii Melnyk"),
               ("Ірина Шевченко", "Iryna Shevchenko"), ("Тарас Бондар", "Taras Bondar"))
COURSE_HEADINGS = (("Для кого", "Who it is for"), ("Результати навчання", "Learning outcomes"),
                   ("Модулі", "Modules"), ("Формат", "Format"))
COURSE_FORMAT = ("Курс складається з {n} занять, раз на тиждень, у просторі «{place}».",
                 "The course has {n} classes, once a week, at {place}.")

#: The pages pelicanconf.py's MENU_PAGES and FOOTER_PAGES name: (slug, uk, en, uk menu, en menu)
PAGES = (
    ("about", "Про платформу", "About the platform", "Про нас", "About"),
    ("planned-activities", "Заплановані заходи", "Planned activities", "Заходи", "Activities"),
    ("partners", "Партнери та фінансування", "Partners and funding", "Партнери", "Partners"),
    ("contacts", "Контакти", "Contacts", None, None),
    ("privacy", "Конфіденційність", "Privacy", None, None),
)
EXTRA_PAGE = ("Довідка {n}", "Guide {n}")
