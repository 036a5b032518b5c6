package bot

import (
	"fmt"
	"strconv"
	"strings"
)

// msg is one thing the bot says, in both languages. Arguments are
// filled in with fmt verbs, in the same order in both.
type msg struct{ en, ar string }

// in returns the message in lang, with args filled in.
func (m msg) in(lang string, args ...any) string {
	s := m.en
	if lang == "ar" {
		s = m.ar
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// What the bot says, in one place so that both languages can be read
// side by side.
var (
	msgGreeting = msg{
		en: "Hello! I answer questions about one article by quoting it: %s, by %s.",
		ar: "مرحبًا! أجيب عن الأسئلة حول مقال واحد باقتباس نصه: %s، بقلم %s.",
	}
	msgGreetingHow = msg{
		en: "Ask in Arabic or English, or try one of these:",
		ar: "اسأل بالعربية أو بالإنجليزية، أو جرّب أحد هذه الأسئلة:",
	}
	msgHelp = msg{
		en: "Ask me anything about the article, in Arabic or English, and I answer with its own words and the paragraph they come from. I say so when the article does not tell.",
		ar: "اسألني أي شيء عن المقال، بالعربية أو بالإنجليزية، وأجيبك بكلماته نفسها مع رقم الفقرة. وإن لم يذكر المقال الجواب قلت ذلك.",
	}
	msgHelpCommands = msg{
		en: "/ask QUESTION: answer a question (in a private chat, just write it)\n/who: the people, organisations and places; /who NAME: one of them\n/timeline: the events in order; /timeline N: event N with its quote\n/quote N or /p N: paragraph N in full\n/about: the article, its author and date\n/lang ar or /lang en: the language of my replies",
		ar: "/ask سؤال: الإجابة عن سؤال (في المحادثة الخاصة اكتبه فقط)\n/who: الأشخاص والمؤسسات والأماكن؛ /who اسم: واحد منها\n/timeline: الأحداث بالترتيب؛ /timeline رقم: الحدث مع اقتباسه\n/quote رقم أو /p رقم: الفقرة كاملة\n/about: المقال وكاتبه وتاريخه\n/lang ar أو /lang en: لغة ردودي",
	}
	msgParagraph   = msg{en: "Paragraph %d", ar: "الفقرة %d"}
	msgPassageOf   = msg{en: "passage %d of %d", ar: "المقطع %d من %d"}
	msgButtonNext  = msg{en: "Next passage ›", ar: "المقطع التالي ‹"}
	msgButtonFull  = msg{en: "Whole paragraph", ar: "الفقرة كاملة"}
	msgButtonQuote = msg{en: "Quote only", ar: "الاقتباس فقط"}
	msgExpired     = msg{
		en: "This button has expired. Please ask the question again.",
		ar: "انتهت صلاحية هذا الزر. اطرح السؤال من جديد من فضلك.",
	}
	msgOnlyText = msg{
		en: "I read text only. Ask me a question about the article, in Arabic or English, or send /help.",
		ar: "أقرأ النصوص فقط. اسألني سؤالًا عن المقال بالعربية أو بالإنجليزية، أو أرسل /help.",
	}
	msgApology = msg{
		en: "Sorry, something went wrong with that message. Please try again.",
		ar: "عذرًا، حدث خطأ في معالجة هذه الرسالة. حاول مرة أخرى من فضلك.",
	}
	msgBusy = msg{
		en: "I am very busy right now and could not take your question. Please try again in a minute.",
		ar: "أنا مشغول جدًا الآن ولم أستطع استقبال سؤالك. حاول مرة أخرى بعد دقيقة من فضلك.",
	}
	msgSlowDown = msg{
		en: "You are asking faster than I can answer. Please wait a minute; I will answer again then.",
		ar: "أسئلتك أسرع مما أستطيع الإجابة عنه. انتظر دقيقة من فضلك وسأجيب بعدها.",
	}
	msgInlineParagraph = msg{en: "— paragraph %d of the article", ar: "— الفقرة %d من المقال"}
	msgByline          = msg{en: "Paragraph 0 (the byline)", ar: "الفقرة 0 (سطر التعريف بالكاتب)"}
	msgSeeAlso         = msg{
		en: "Also in %s (/p N shows a whole paragraph).",
		ar: "وفي %s أيضًا (/p رقم يعرض الفقرة كاملة).",
	}
	msgParagraphsList = msg{en: "paragraphs %s", ar: "الفقرات %s"}
	msgOneParagraph   = msg{en: "paragraph %s", ar: "الفقرة %s"}
	msgNotInArticle   = msg{
		en: "The article does not say. /about tells what it is about, and /who and /timeline list its people and events.",
		ar: "لا يذكر المقال ذلك. يعرض /about موضوعه، ويعرض /who و/timeline الأشخاص والأحداث فيه.",
	}
	msgAskSomething = msg{
		en: "Ask a question about the article, in Arabic or English. For example: %s",
		ar: "اسأل سؤالًا عن المقال، بالعربية أو بالإنجليزية. مثلًا: %s",
	}
	msgTooLong = msg{
		en: "That is too long: please ask in at most %d characters.",
		ar: "هذا طويل جدًا: اسأل من فضلك في %d حرف على الأكثر.",
	}
	msgUnreadable = msg{
		en: "I could not read that text (it is not valid UTF-8). Please type your question again.",
		ar: "تعذّرت قراءة هذا النص (ترميزه غير صالح). اكتب سؤالك من جديد من فضلك.",
	}
	msgNoWords = msg{
		en: "I need words to search for: ask a question about the article, in Arabic or English.",
		ar: "أحتاج إلى كلمات أبحث عنها: اسأل سؤالًا عن المقال بالعربية أو بالإنجليزية.",
	}
	msgFailed = msg{
		en: "Sorry, something went wrong while answering. Please try again.",
		ar: "عذرًا، حدث خطأ أثناء الإجابة. حاول مرة أخرى من فضلك.",
	}
	msgUnknownCommand = msg{
		en: "I do not know /%s. /help lists what I can do.",
		ar: "لا أعرف الأمر /%s. يعرض /help ما أستطيع فعله.",
	}

	msgLangSet   = msg{en: "I will reply in English.", ar: "سأرد بالعربية."}
	msgLangUsage = msg{
		en: "My replies follow the language of your question; otherwise they are in this chat's language (now %s), which /lang ar or /lang en sets.",
		ar: "تتبع ردودي لغة سؤالك، وإلا فهي بلغة هذه المحادثة (الآن %s)، ويضبطها /lang ar أو /lang en.",
	}

	msgQuoteUsage = msg{
		en: "Give a paragraph number: /quote N or /p N, where N is 0 (the byline) to %d.",
		ar: "اذكر رقم الفقرة: /quote رقم أو /p رقم، والرقم من 0 (سطر التعريف بالكاتب) إلى %d.",
	}
	msgQuoteRange = msg{
		en: "There is no paragraph %s: the article has paragraphs 0 (the byline) to %d.",
		ar: "لا توجد الفقرة %s: فقرات المقال من 0 (سطر التعريف بالكاتب) إلى %d.",
	}

	msgPeople        = msg{en: "People", ar: "الأشخاص"}
	msgOrganisations = msg{en: "Organisations", ar: "المؤسسات"}
	msgPlaces        = msg{en: "Places", ar: "الأماكن"}
	msgWhoHint       = msg{
		en: "/who NAME shows where the article mentions one of them.",
		ar: "يعرض /who اسم المواضع التي يذكر فيها المقال أحدهم.",
	}
	msgNoEntities = msg{
		en: "No people or organisations are annotated for this article. Ask a question instead: I answer by quoting it.",
		ar: "لا يوجد أشخاص أو مؤسسات مُعلَّمة لهذا المقال. اسأل سؤالًا بدلًا من ذلك وسأجيب باقتباسه.",
	}
	msgMentioned   = msg{en: "Mentioned in %s:", ar: "ورد ذكره في %s:"}
	msgUnknownName = msg{
		en: "I find no “%s” among the people, organisations and places of the article.",
		ar: "لا أجد «%s» بين الأشخاص والمؤسسات والأماكن في المقال.",
	}
	msgDidYouMean  = msg{en: "Did you mean: %s?", ar: "هل تقصد: %s؟"}
	msgKnownNames  = msg{en: "The article names: %s.", ar: "يذكر المقال: %s."}
	msgNameTooLong = msg{
		en: "That is too long for a name: try /who Tokayev, or /who on its own for the list.",
		ar: "هذا طويل جدًا على اسم: جرّب /who توكاييف، أو /who وحده لعرض القائمة.",
	}

	msgTimeline = msg{en: "Timeline", ar: "التسلسل الزمني"}
	msgReported = msg{
		en: "† date from public reporting, not from the article (published %s)",
		ar: "† التاريخ من التقارير المنشورة لا من المقال (نُشر في %s)",
	}
	msgTimelineHint = msg{
		en: "/timeline N shows event N with the words of the article.",
		ar: "يعرض /timeline رقم الحدث بكلمات المقال.",
	}
	msgAfterEvent = msg{en: "after event %d", ar: "بعد الحدث %d"}
	msgEventOf    = msg{en: "Event %d of %d", ar: "الحدث %d من %d"}
	msgEventRange = msg{
		en: "There is no event %s: the timeline has events 1 to %d.",
		ar: "لا يوجد الحدث %s: أحداث التسلسل من 1 إلى %d.",
	}
	msgTimelineUsage = msg{
		en: "Use /timeline for all the events, or /timeline N (1 to %d) for one.",
		ar: "استخدم /timeline لكل الأحداث، أو /timeline رقم (من 1 إلى %d) لحدث واحد.",
	}
	msgFoundDates = msg{
		en: "No events are annotated for this article. These sentences carry a date; they were found automatically:",
		ar: "لا توجد أحداث مُعلَّمة لهذا المقال. هذه الجمل تحمل تاريخًا، وقد عُثر عليها آليًا:",
	}
	msgNoDates = msg{
		en: "No events are annotated for this article, and none of its sentences carries a date.",
		ar: "لا توجد أحداث مُعلَّمة لهذا المقال، ولا تحمل أي من جمله تاريخًا.",
	}

	msgAboutTitle       = msg{en: "About the article", ar: "عن المقال"}
	msgAboutAuthor      = msg{en: "Author: ", ar: "الكاتب: "}
	msgAboutAffiliation = msg{en: "Affiliation: ", ar: "الصفة: "}
	msgAboutLanguage    = msg{en: "Language: ", ar: "اللغة: "}
	msgAboutPublished   = msg{en: "Published: ", ar: "تاريخ النشر: "}
	msgAboutLength      = msg{
		en: "Length: %d paragraphs after the byline",
		ar: "الطول: %d فقرة بعد سطر التعريف بالكاتب",
	}
	msgAboutTranslation = msg{
		en: "An English translation, paragraph by paragraph, is shown beside the Arabic for English readers.",
		ar: "ترجمة إنجليزية، فقرة بفقرة، تظهر بجانب النص العربي لقراء الإنجليزية.",
	}
	msgAboutSource = msg{en: "Source: ", ar: "المصدر: "}
)

// languageNames names the languages an article may be written in.
var languageNames = map[string]msg{
	"ar": {en: "Arabic", ar: "العربية"},
	"en": {en: "English", ar: "الإنجليزية"},
}

var monthNames = [...]msg{
	{"January", "يناير"}, {"February", "فبراير"}, {"March", "مارس"}, {"April", "أبريل"},
	{"May", "مايو"}, {"June", "يونيو"}, {"July", "يوليو"}, {"August", "أغسطس"},
	{"September", "سبتمبر"}, {"October", "أكتوبر"}, {"November", "نوفمبر"}, {"December", "ديسمبر"},
}

// formatDate writes an ISO date of any precision (2022, 2022-07,
// 2022-07-06) for a reader: "6 July 2022", "يوليو 2022".
func formatDate(iso, lang string) string {
	parts := strings.Split(iso, "-")
	var out []string
	if len(parts) == 3 {
		d, _ := strconv.Atoi(parts[2])
		out = append(out, strconv.Itoa(d))
	}
	if len(parts) >= 2 {
		if m, err := strconv.Atoi(parts[1]); err == nil && m >= 1 && m <= 12 {
			out = append(out, monthNames[m-1].in(lang))
		}
	}
	return strings.Join(append(out, parts[0]), " ")
}

// listOf joins items as a reader would: "a, b and c", "أ، ب و ج".
func listOf(items []string, lang string) string {
	sep, and := ", ", " and "
	if lang == "ar" {
		sep, and = "، ", " و"
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], sep) + and + items[len(items)-1]
}
