/* langid.c: script detection from code points, then, for Latin script, a vote of each
 * language's most frequent function words.
 * Owns: the static const tables below. Touches nothing else: no globals that change, no
 * allocation, so any number of threads may call it. */
#include "score/langid.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define LANGID_MIN_LETTERS 3	/* fewer letters: "und" */
#define LANGID_MIN_WORDS 3	/* fewer Latin words: "und" */
#define LANGID_WORD_MAX 32	/* longer words are never function words */

/* Index 0 is "und"; 1..N_LATIN are the function-word languages, in the order of enum
 * langid_bit; then the script-only languages. Append only: indexes are stored. */
static const char *const langid_codes[] = {
	"und", "en", "fr", "es", "de", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs",
	"tr", "id", "vi", "ro", "hu", "ru", "uk", "el", "ar", "he", "hi", "th", "zh", "ja", "ko",
};

#define N_CODES (sizeof(langid_codes) / sizeof(langid_codes[0]))
#define N_LATIN 18

enum langid_bit {
	B_EN = 1u << 0, B_FR = 1u << 1, B_ES = 1u << 2, B_DE = 1u << 3, B_IT = 1u << 4,
	B_PT = 1u << 5, B_NL = 1u << 6, B_SV = 1u << 7, B_DA = 1u << 8, B_NO = 1u << 9,
	B_FI = 1u << 10, B_PL = 1u << 11, B_CS = 1u << 12, B_TR = 1u << 13, B_ID = 1u << 14,
	B_VI = 1u << 15, B_RO = 1u << 16, B_HU = 1u << 17,
};

/* Function words (30-100 of the most frequent per language, lowercased, NFC) and the
 * languages each is frequent in. Kept sorted by strcmp (UTF-8 byte order) so a duplicate shows: keep it
 * so when editing. A word shared by k languages gives each 1/k of a vote. Left out, because
 * English text and code are full of them: one-letter words that are common variables
 * (c d l n s v w z), German "war" and "hat", Czech "pro". */
static const struct langid_word {
	const char *w;
	unsigned langs;
} langid_words[] = {
	{"a", B_EN | B_FR | B_PT | B_PL | B_CS | B_RO | B_HU},
	{"aan", B_NL},
	{"aber", B_DE},
	{"about", B_EN},
	{"această", B_RO},
	{"acest", B_RO},
	{"ada", B_ID},
	{"adalah", B_ID},
	{"af", B_DA},
	{"after", B_EN},
	{"ai", B_FR},
	{"akan", B_ID},
	{"aki", B_HU},
	{"al", B_ES | B_IT | B_NL | B_RO},
	{"ale", B_PL | B_CS | B_RO},
	{"all", B_EN},
	{"alla", B_IT},
	{"als", B_DE | B_NL},
	{"also", B_EN},
	{"am", B_EN | B_RO},
	{"ama", B_TR},
	{"amely", B_HU},
	{"an", B_EN | B_DE},
	{"anche", B_IT},
	{"and", B_EN},
	{"anda", B_ID},
	{"any", B_EN},
	{"ao", B_PT},
	{"are", B_EN},
	{"as", B_EN | B_PT},
	{"at", B_EN | B_DA | B_NO},
	{"atau", B_ID},
	{"att", B_SV},
	{"au", B_FR | B_RO},
	{"auch", B_DE},
	{"auf", B_DE},
	{"aus", B_DE},
	{"aussi", B_FR},
	{"aux", B_FR},
	{"av", B_SV | B_NO},
	{"avec", B_FR},
	{"az", B_HU},
	{"azt", B_HU},
	{"bahwa", B_ID},
	{"banyak", B_ID},
	{"bara", B_SV},
	{"bardzo", B_PL},
	{"bare", B_NO},
	{"be", B_EN | B_HU},
	{"because", B_EN},
	{"been", B_EN},
	{"before", B_EN},
	{"bei", B_DE},
	{"ben", B_TR},
	{"between", B_EN},
	{"bij", B_NL},
	{"bir", B_TR},
	{"bisa", B_ID},
	{"blir", B_SV | B_NO},
	{"bliver", B_DA},
	{"both", B_EN},
	{"bu", B_TR},
	{"but", B_EN},
	{"by", B_EN | B_PL | B_CS},
	{"byl", B_CS},
	{"bylo", B_CS},
	{"być", B_PL},
	{"było", B_PL},
	{"být", B_CS},
	{"bạn", B_VI},
	{"ca", B_RO},
	{"can", B_EN},
	{"care", B_RO},
	{"ce", B_FR},
	{"cette", B_FR},
	{"che", B_IT},
	{"cho", B_VI},
	{"chúng", B_VI},
	{"ci", B_IT},
	{"co", B_PL | B_CS},
	{"com", B_PT},
	{"come", B_IT},
	{"comme", B_FR},
	{"como", B_ES | B_PT},
	{"con", B_ES | B_IT},
	{"could", B_EN},
	{"csak", B_HU},
	{"cu", B_RO},
	{"cuando", B_ES},
	{"czy", B_PL},
	{"các", B_VI},
	{"có", B_VI},
	{"că", B_RO},
	{"cũng", B_VI},
	{"của", B_VI},
	{"da", B_IT | B_PT | B_TR},
	{"daha", B_TR},
	{"dalam", B_ID},
	{"dalla", B_IT},
	{"dan", B_NL | B_ID},
	{"dans", B_FR},
	{"dar", B_RO},
	{"dari", B_ID},
	{"das", B_DE | B_PT},
	{"dass", B_DE},
	{"dat", B_NL},
	{"de", B_FR | B_ES | B_PT | B_NL | B_SV | B_DA | B_NO | B_TR | B_RO | B_HU},
	{"deg", B_NO},
	{"degli", B_IT},
	{"dei", B_IT},
	{"del", B_ES | B_IT},
	{"della", B_IT},
	{"delle", B_IT},
	{"dem", B_DE},
	{"den", B_DE | B_SV | B_DA | B_NO},
	{"dengan", B_ID},
	{"der", B_DE | B_DA | B_NO},
	{"des", B_FR | B_DE},
	{"desde", B_ES},
	{"dessa", B_SV},
	{"det", B_SV | B_DA | B_NO},
	{"detta", B_SV},
	{"dette", B_DA | B_NO},
	{"deze", B_NL},
	{"değil", B_TR},
	{"di", B_IT | B_ID},
	{"dia", B_ID},
	{"did", B_EN},
	{"die", B_DE | B_NL},
	{"dig", B_DA},
	{"din", B_RO},
	{"disse", B_DA | B_NO},
	{"dit", B_NL},
	{"diye", B_TR},
	{"dla", B_PL},
	{"do", B_EN | B_PT | B_PL | B_CS},
	{"donde", B_ES},
	{"door", B_NL},
	{"dos", B_PT},
	{"du", B_FR},
	{"där", B_SV},
	{"e", B_IT | B_PT},
	{"each", B_EN},
	{"een", B_NL},
	{"efter", B_SV | B_DA},
	{"egy", B_HU},
	{"ei", B_FI | B_RO},
	{"eikä", B_FI},
	{"ein", B_DE},
	{"eine", B_DE},
	{"einen", B_DE},
	{"einer", B_DE},
	{"el", B_ES | B_HU},
	{"elle", B_FR},
	{"eller", B_SV | B_DA | B_NO},
	{"em", B_PT},
	{"en", B_FR | B_ES | B_NL | B_SV | B_DA | B_NO | B_TR},
	{"entre", B_FR | B_ES},
	{"er", B_DE | B_NL | B_DA | B_NO},
	{"es", B_ES | B_DE},
	{"eso", B_ES},
	{"essere", B_IT},
	{"est", B_FR},
	{"esta", B_ES | B_PT},
	{"estaba", B_ES},
	{"este", B_ES | B_PT | B_RO},
	{"esto", B_ES},
	{"estoy", B_ES},
	{"está", B_ES | B_PT},
	{"et", B_FR | B_DA | B_NO},
	{"ett", B_SV},
	{"etter", B_NO},
	{"että", B_FI},
	{"eu", B_PT},
	{"ez", B_HU},
	{"fait", B_FR},
	{"fel", B_HU},
	{"fi", B_RO},
	{"findes", B_DA},
	{"finnes", B_NO},
	{"finns", B_SV},
	{"foarte", B_RO},
	{"foi", B_PT},
	{"for", B_EN | B_DA | B_NO},
	{"fost", B_RO},
	{"fra", B_DA | B_NO},
	{"from", B_EN},
	{"från", B_SV},
	{"fue", B_ES},
	{"för", B_SV},
	{"für", B_DE},
	{"gibi", B_TR},
	{"gli", B_IT},
	{"göre", B_TR},
	{"ha", B_ES | B_IT | B_HU},
	{"haben", B_DE},
	{"hace", B_ES},
	{"had", B_EN},
	{"han", B_ES | B_SV | B_DA | B_NO},
	{"hanya", B_ID},
	{"har", B_SV | B_DA | B_NO},
	{"harus", B_ID},
	{"has", B_EN},
	{"have", B_EN},
	{"hay", B_ES | B_VI},
	{"he", B_EN | B_FI},
	{"hebben", B_NL},
	{"heeft", B_NL},
	{"her", B_EN | B_TR},
	{"here", B_EN},
	{"het", B_NL},
	{"hij", B_NL},
	{"him", B_EN},
	{"his", B_EN},
	{"hogy", B_HU},
	{"hon", B_SV},
	{"how", B_EN},
	{"hun", B_DA | B_NO},
	{"hva", B_NO},
	{"hvad", B_DA},
	{"hän", B_FI},
	{"hänen", B_FI},
	{"hơn", B_VI},
	{"i", B_EN | B_IT | B_SV | B_DA | B_NO | B_PL},
	{"ich", B_DE | B_PL},
	{"if", B_EN},
	{"ik", B_NL},
	{"ikke", B_DA | B_NO},
	{"il", B_FR | B_IT},
	{"ile", B_TR},
	{"ils", B_FR},
	{"im", B_DE},
	{"in", B_EN | B_DE | B_IT | B_NL},
	{"ini", B_ID},
	{"inte", B_SV},
	{"into", B_EN},
	{"is", B_EN | B_NL | B_HU},
	{"ise", B_TR},
	{"isso", B_PT},
	{"ist", B_DE},
	{"it", B_EN},
	{"its", B_EN},
	{"itu", B_ID},
	{"için", B_TR},
	{"ja", B_FI},
	{"jag", B_SV},
	{"jak", B_PL | B_CS},
	{"jako", B_CS},
	{"je", B_FR | B_NL | B_CS},
	{"jeg", B_DA | B_NO},
	{"jego", B_PL},
	{"jeho", B_CS},
	{"jej", B_PL | B_CS},
	{"jen", B_CS},
	{"jest", B_PL},
	{"jestem", B_PL},
	{"jika", B_ID},
	{"joka", B_FI},
	{"jos", B_FI},
	{"jotka", B_FI},
	{"jsem", B_CS},
	{"jsou", B_CS},
	{"juga", B_ID},
	{"just", B_EN},
	{"już", B_PL},
	{"já", B_PT},
	{"kadar", B_TR},
	{"kami", B_ID},
	{"kan", B_NL | B_SV | B_DA | B_NO},
	{"kann", B_DE},
	{"kanssa", B_FI},
	{"karena", B_ID},
	{"ke", B_ID},
	{"kell", B_HU},
	{"kendi", B_TR},
	{"khi", B_VI},
	{"không", B_VI},
	{"ki", B_TR | B_HU},
	{"kita", B_ID},
	{"která", B_CS},
	{"které", B_CS},
	{"který", B_CS},
	{"która", B_PL},
	{"które", B_PL},
	{"który", B_PL},
	{"kuin", B_FI},
	{"kun", B_DA | B_FI},
	{"la", B_FR | B_ES | B_IT | B_RO},
	{"las", B_ES},
	{"le", B_FR | B_ES | B_IT},
	{"lebih", B_ID},
	{"les", B_FR},
	{"lesz", B_HU},
	{"leur", B_FR},
	{"leurs", B_FR},
	{"like", B_EN},
	{"lo", B_ES | B_IT},
	{"los", B_ES},
	{"lub", B_PL},
	{"lui", B_RO},
	{"là", B_VI},
	{"làm", B_VI},
	{"lại", B_VI},
	{"ma", B_FR | B_IT},
	{"maar", B_NL},
	{"mai", B_RO},
	{"mais", B_FR | B_PT},
	{"make", B_EN},
	{"many", B_EN},
	{"mas", B_PT},
	{"me", B_EN | B_ES | B_FI},
	{"med", B_SV | B_DA | B_NO},
	{"meg", B_NO | B_HU},
	{"meget", B_DA},
	{"men", B_SV | B_DA | B_NO},
	{"mereka", B_ID},
	{"mert", B_HU},
	{"mes", B_FR},
	{"met", B_NL},
	{"mi", B_ES | B_IT | B_TR},
	{"mig", B_DA},
	{"mikä", B_FI},
	{"minden", B_HU},
	{"mint", B_HU},
	{"minä", B_FI},
	{"mit", B_DE},
	{"mitä", B_FI},
	{"mnie", B_PL},
	{"molto", B_IT},
	{"mon", B_FR},
	{"more", B_EN},
	{"most", B_EN},
	{"może", B_PL},
	{"muito", B_PT},
	{"mutta", B_FI},
	{"muy", B_ES},
	{"my", B_EN},
	{"mycket", B_SV},
	{"mye", B_NO},
	{"myös", B_FI},
	{"mà", B_VI},
	{"már", B_HU},
	{"más", B_ES},
	{"még", B_HU},
	{"même", B_FR},
	{"một", B_VI},
	{"na", B_PT | B_PL | B_CS},
	{"naar", B_NL},
	{"nach", B_DE},
	{"nagyon", B_HU},
	{"nas", B_PT},
	{"nasıl", B_TR},
	{"ne", B_FR | B_TR},
	{"nebo", B_CS},
	{"nel", B_IT},
	{"nella", B_IT},
	{"nem", B_HU},
	{"người", B_VI},
	{"nhiều", B_VI},
	{"như", B_VI},
	{"nhưng", B_VI},
	{"những", B_VI},
	{"nicht", B_DE},
	{"nie", B_PL},
	{"niet", B_NL},
	{"niin", B_FI},
	{"no", B_EN | B_ES | B_PT},
	{"noch", B_DE},
	{"noen", B_NO},
	{"nog", B_NL},
	{"nogle", B_DA},
	{"non", B_IT},
	{"nos", B_ES | B_PT},
	{"not", B_EN},
	{"nous", B_FR},
	{"now", B_EN},
	{"nu", B_SV | B_DA | B_RO},
	{"nur", B_DE},
	{"nào", B_VI},
	{"này", B_VI},
	{"não", B_PT},
	{"nämä", B_FI},
	{"när", B_SV},
	{"nå", B_NO},
	{"når", B_DA | B_NO},
	{"nên", B_VI},
	{"năm", B_VI},
	{"nếu", B_VI},
	{"o", B_ES | B_IT | B_PT | B_PL | B_CS | B_TR | B_RO},
	{"och", B_SV},
	{"också", B_SV},
	{"od", B_PL | B_CS},
	{"oder", B_DE},
	{"of", B_EN | B_NL},
	{"og", B_DA | B_NO},
	{"også", B_DA | B_NO},
	{"olan", B_TR},
	{"olarak", B_TR},
	{"olduğu", B_TR},
	{"ole", B_FI},
	{"oleh", B_ID},
	{"oli", B_FI},
	{"olla", B_FI},
	{"ollut", B_FI},
	{"om", B_NL | B_SV | B_DA | B_NO},
	{"on", B_EN | B_FR | B_FI},
	{"one", B_EN},
	{"only", B_EN},
	{"ont", B_FR},
	{"ook", B_NL},
	{"op", B_NL},
	{"or", B_EN},
	{"oraz", B_PL},
	{"os", B_PT},
	{"other", B_EN},
	{"otro", B_ES},
	{"ou", B_FR | B_PT},
	{"our", B_EN},
	{"out", B_EN},
	{"ovat", B_FI},
	{"pada", B_ID},
	{"par", B_FR},
	{"para", B_ES | B_PT},
	{"pas", B_FR},
	{"pe", B_RO},
	{"pela", B_PT},
	{"pelo", B_PT},
	{"pentru", B_RO},
	{"per", B_EN | B_IT},
	{"pero", B_ES},
	{"peut", B_FR},
	{"più", B_IT},
	{"plus", B_FR},
	{"po", B_PL | B_CS},
	{"por", B_ES | B_PT},
	{"porque", B_ES},
	{"pour", B_FR},
	{"prin", B_RO},
	{"przez", B_PL},
	{"puede", B_ES},
	{"può", B_IT},
	{"på", B_SV | B_DA | B_NO},
	{"při", B_CS},
	{"quando", B_PT},
	{"que", B_FR | B_ES | B_PT},
	{"questa", B_IT},
	{"questo", B_IT},
	{"qui", B_FR},
	{"ra", B_VI},
	{"rất", B_VI},
	{"sa", B_FR},
	{"saat", B_ID},
	{"said", B_EN},
	{"sangat", B_ID},
	{"sans", B_FR},
	{"sau", B_VI | B_RO},
	{"saya", B_ID},
	{"se", B_FR | B_ES | B_IT | B_PT | B_FI | B_CS | B_RO},
	{"sebagai", B_ID},
	{"seg", B_NO},
	{"sehr", B_DE},
	{"sekä", B_FI},
	{"sem", B_HU},
	{"sen", B_FI | B_TR},
	{"seperti", B_ID},
	{"ser", B_ES | B_PT},
	{"ses", B_FR},
	{"seu", B_PT},
	{"she", B_EN},
	{"should", B_EN},
	{"si", B_IT},
	{"sia", B_IT},
	{"sich", B_DE},
	{"sie", B_DE},
	{"sig", B_SV | B_DA},
	{"siitä", B_FI},
	{"sin", B_ES | B_SV | B_DA | B_NO},
	{"sind", B_DE},
	{"sinä", B_FI},
	{"sitten", B_FI},
	{"się", B_PL},
	{"ska", B_SV},
	{"skal", B_DA | B_NO},
	{"so", B_EN | B_DE},
	{"sobre", B_ES},
	{"som", B_SV | B_DA | B_NO},
	{"some", B_EN},
	{"son", B_FR | B_ES},
	{"sono", B_IT},
	{"sonra", B_TR},
	{"sont", B_FR},
	{"sous", B_FR},
	{"stato", B_IT},
	{"su", B_ES},
	{"sua", B_PT},
	{"such", B_EN},
	{"sudah", B_ID},
	{"sunt", B_RO},
	{"sur", B_FR},
	{"sus", B_ES},
	{"são", B_PT},
	{"så", B_SV | B_DA | B_NO},
	{"są", B_PL},
	{"sẽ", B_VI},
	{"tai", B_FI},
	{"tak", B_PL | B_CS},
	{"také", B_CS},
	{"także", B_PL},
	{"también", B_ES},
	{"também", B_PT},
	{"tan", B_ES},
	{"tato", B_CS},
	{"te", B_NL | B_FI | B_PL},
	{"telah", B_ID},
	{"tem", B_PT},
	{"ten", B_PL},
	{"tento", B_CS},
	{"tersebut", B_ID},
	{"than", B_EN},
	{"that", B_EN},
	{"the", B_EN},
	{"their", B_EN},
	{"them", B_EN},
	{"then", B_EN},
	{"theo", B_VI},
	{"there", B_EN},
	{"these", B_EN},
	{"they", B_EN},
	{"this", B_EN},
	{"those", B_EN},
	{"through", B_EN},
	{"thì", B_VI},
	{"tidak", B_ID},
	{"tiene", B_ES},
	{"til", B_DA | B_NO},
	{"till", B_SV},
	{"to", B_EN | B_PL | B_CS},
	{"todo", B_ES},
	{"tout", B_FR},
	{"trong", B_VI},
	{"très", B_FR},
	{"trên", B_VI},
	{"tutto", B_IT},
	{"tylko", B_PL},
	{"tämä", B_FI},
	{"tôi", B_VI},
	{"tüm", B_TR},
	{"từ", B_VI},
	{"uit", B_NL},
	{"um", B_PT},
	{"uma", B_PT},
	{"un", B_FR | B_ES | B_IT | B_RO},
	{"una", B_ES | B_IT},
	{"und", B_DE},
	{"une", B_FR},
	{"untuk", B_ID},
	{"up", B_EN},
	{"už", B_CS},
	{"vagy", B_HU},
	{"vain", B_FI},
	{"van", B_NL | B_HU},
	{"var", B_SV | B_DA | B_NO | B_TR},
	{"vara", B_SV},
	{"ve", B_CS | B_TR},
	{"ved", B_DA | B_NO},
	{"very", B_EN},
	{"veya", B_TR},
	{"vi", B_SV | B_DA | B_NO},
	{"vid", B_SV},
	{"você", B_PT},
	{"voi", B_FI},
	{"volt", B_HU},
	{"von", B_DE},
	{"voor", B_NL},
	{"vous", B_FR},
	{"và", B_VI},
	{"vào", B_VI},
	{"være", B_DA | B_NO},
	{"vì", B_VI},
	{"về", B_VI},
	{"với", B_VI},
	{"was", B_EN | B_NL},
	{"we", B_EN | B_NL},
	{"wel", B_NL},
	{"werden", B_DE},
	{"were", B_EN},
	{"what", B_EN},
	{"when", B_EN},
	{"where", B_EN},
	{"which", B_EN},
	{"who", B_EN},
	{"wie", B_DE},
	{"will", B_EN},
	{"wir", B_DE},
	{"wird", B_DE},
	{"with", B_EN},
	{"worden", B_NL},
	{"wordt", B_NL},
	{"would", B_EN},
	{"y", B_FR | B_ES},
	{"ya", B_ES},
	{"yang", B_ID},
	{"yo", B_ES},
	{"yok", B_TR},
	{"you", B_EN},
	{"your", B_EN},
	{"za", B_PL | B_CS},
	{"ze", B_NL},
	{"zijn", B_NL},
	{"zo", B_NL},
	{"zu", B_DE},
	{"zum", B_DE},
	{"zur", B_DE},
	{"à", B_FR},
	{"är", B_SV},
	{"çok", B_TR},
	{"çünkü", B_TR},
	{"è", B_IT},
	{"é", B_PT},
	{"és", B_HU},
	{"était", B_FR},
	{"été", B_FR},
	{"être", B_FR},
	{"în", B_RO},
	{"úgy", B_HU},
	{"über", B_DE},
	{"đang", B_VI},
	{"đã", B_VI},
	{"đó", B_VI},
	{"được", B_VI},
	{"đến", B_VI},
	{"để", B_VI},
	{"şey", B_TR},
	{"że", B_PL},
	{"že", B_CS},
	{"și", B_RO},
};

enum langid_script {
	SC_NONE, SC_LATIN, SC_CYRILLIC, SC_GREEK, SC_ARABIC, SC_HEBREW, SC_DEVANAGARI, SC_THAI,
	SC_HANGUL, SC_HAN, SC_KANA, SC__COUNT
};

/* The language of a script, for scripts that decide alone (Latin, Cyrillic, Han, kana
 * are decided elsewhere). */
static const char *const langid_script_code[SC__COUNT] = {
	[SC_GREEK] = "el", [SC_ARABIC] = "ar", [SC_HEBREW] = "he", [SC_DEVANAGARI] = "hi",
	[SC_THAI] = "th", [SC_HANGUL] = "ko",
};

static const struct langid_range {
	unsigned lo, hi;
	enum langid_script sc;
} langid_ranges[] = {
	{0x0041, 0x005A, SC_LATIN}, {0x0061, 0x007A, SC_LATIN}, {0x00AA, 0x00AA, SC_LATIN},
	{0x00BA, 0x00BA, SC_LATIN}, {0x00C0, 0x00D6, SC_LATIN}, {0x00D8, 0x00F6, SC_LATIN},
	{0x00F8, 0x024F, SC_LATIN}, {0x0370, 0x03FF, SC_GREEK}, {0x0400, 0x052F, SC_CYRILLIC},
	{0x0590, 0x05FF, SC_HEBREW}, {0x0600, 0x06FF, SC_ARABIC}, {0x0750, 0x077F, SC_ARABIC},
	{0x0900, 0x097F, SC_DEVANAGARI}, {0x0E00, 0x0E7F, SC_THAI}, {0x1100, 0x11FF, SC_HANGUL},
	{0x1E00, 0x1EFF, SC_LATIN}, {0x1F00, 0x1FFF, SC_GREEK}, {0x3040, 0x30FF, SC_KANA},
	{0x3130, 0x318F, SC_HANGUL}, {0x31F0, 0x31FF, SC_KANA}, {0x3400, 0x4DBF, SC_HAN},
	{0x4E00, 0x9FFF, SC_HAN}, {0xAC00, 0xD7AF, SC_HANGUL}, {0xF900, 0xFAFF, SC_HAN},
	{0xFB1D, 0xFB4F, SC_HEBREW}, {0xFB50, 0xFDFF, SC_ARABIC}, {0xFE70, 0xFEFF, SC_ARABIC},
	{0xFF66, 0xFF9F, SC_KANA}, {0x20000, 0x2FFFF, SC_HAN},
};

/* Everything one pass over the text learns. */
struct langid_state {
	size_t letters[SC__COUNT];
	size_t n_uk, n_ru;		/* Cyrillic letters only Ukrainian / only Russian uses */
	size_t n_words;			/* Latin words */
	double score[N_LATIN];		/* function-word votes, shared by the word's languages */
	size_t hits[N_LATIN];		/* words in each language's list */
	char word[LANGID_WORD_MAX + 4];
	size_t wlen;
	bool wlong;
	bool glued;			/* the word touches a digit: "5y", "x2" */
};

static enum langid_script
langid_script_of(unsigned c)
{
	size_t lo = 0, hi = sizeof(langid_ranges) / sizeof(langid_ranges[0]);

	while (lo < hi) {	/* the ranges are sorted and disjoint */
		size_t mid = (lo + hi) / 2;
		if (c < langid_ranges[mid].lo)
			hi = mid;
		else if (c > langid_ranges[mid].hi)
			lo = mid + 1;
		else
			return langid_ranges[mid].sc;
	}
	return SC_NONE;
}

/* Lowercase for the Latin letters the word lists use (Latin-1, Extended-A, Romanian
 * comma letters, Vietnamese in Extended Additional). */
static unsigned
langid_lower(unsigned c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 32;
	if (c == 0x130)
		return 'i';
	if (c == 0x178)
		return 0xFF;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177) ||
	    (c >= 0x218 && c <= 0x21B) || (c >= 0x1E00 && c <= 0x1EFF))
		return c | 1;	/* upper even, lower odd */
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;	/* upper odd, lower even */
	return c;
}

/* Decode one code point at s[*i]; a malformed byte reads as U+FFFD and is skipped. */
static unsigned
langid_next_cp(const unsigned char *s, size_t n, size_t *i)
{
	unsigned c = s[(*i)++];
	int more = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;

	if (c >= 0x80 && more == 0)
		return 0xFFFD;
	if (more)
		c &= 0x3F >> more;
	for (; more > 0; more--) {
		if (*i >= n || (s[*i] & 0xC0) != 0x80)
			return 0xFFFD;
		c = (c << 6) | (s[(*i)++] & 0x3F);
	}
	return c;
}

static void
langid_word_put(struct langid_state *st, unsigned c)
{
	char u[4];
	size_t k;

	if (c < 0x80) {
		u[0] = (char)c;
		k = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		k = 2;
	} else {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		k = 3;
	}
	if (st->wlen + k > LANGID_WORD_MAX) {
		st->wlong = true;
		return;
	}
	memcpy(st->word + st->wlen, u, k);
	st->wlen += k;
}

/* The word list as an open-addressing hash (built once, read-only after): a lookup per
 * word was a bsearch of ~10 strcmp calls, a tenth of all scoring time. */
#define LANGID_HASH_SIZE 2048	/* a power of two, over twice the word count */
static int16_t langid_hash[LANGID_HASH_SIZE];	/* index + 1 into langid_words; 0 empty */
static pthread_once_t langid_hash_once = PTHREAD_ONCE_INIT;

static uint32_t
langid_word_hash(const char *w)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*w)
		h = (h ^ (unsigned char)*w++) * 16777619u;
	return h;
}

static void
langid_hash_build(void)
{
	for (size_t i = 0; i < sizeof(langid_words) / sizeof(langid_words[0]); i++) {
		uint32_t h = langid_word_hash(langid_words[i].w) & (LANGID_HASH_SIZE - 1);
		while (langid_hash[h])
			h = (h + 1) & (LANGID_HASH_SIZE - 1);
		langid_hash[h] = (int16_t)(i + 1);
	}
}

static const struct langid_word *
langid_word_find(const char *w)
{
	uint32_t h;

	pthread_once(&langid_hash_once, langid_hash_build);
	h = langid_word_hash(w) & (LANGID_HASH_SIZE - 1);
	for (; langid_hash[h]; h = (h + 1) & (LANGID_HASH_SIZE - 1))
		if (strcmp(langid_words[langid_hash[h] - 1].w, w) == 0)
			return &langid_words[langid_hash[h] - 1];
	return NULL;
}

/* A Latin word ended: count it and share its vote among the languages it is frequent in. */
static void
langid_word_end(struct langid_state *st)
{
	const struct langid_word *hit;
	unsigned k = 0;

	if (st->wlen == 0 && !st->wlong)
		return;
	st->n_words++;
	st->word[st->wlen] = '\0';
	hit = st->wlong || st->glued ? NULL : langid_word_find(st->word);
	st->wlen = 0;
	st->wlong = false;
	st->glued = false;
	if (!hit)
		return;
	for (unsigned m = hit->langs; m; m &= m - 1)
		k++;
	for (int i = 0; i < N_LATIN; i++) {
		if (hit->langs & (1u << i)) {
			st->score[i] += 1.0 / k;
			st->hits[i]++;
		}
	}
}

static bool
langid_latin_at(const unsigned char *s, size_t len, size_t i)
{
	return i < len && langid_script_of(langid_next_cp(s, len, &i)) == SC_LATIN;
}

/* A URL, e-mail address, domain or file name starts or continues at s[i]: "://", "@", or
 * a dot followed by a letter. Its pieces ("com", "www") are not words. */
static bool
langid_at_address(const unsigned char *s, size_t len, size_t i)
{
	if (s[i] == '@')
		return true;
	if (s[i] == ':')
		return i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/';
	return s[i] == '.' && i + 1 < len && ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z');
}

/* Counts the letters only Ukrainian (і ї є ґ) or only Russian (ы э ъ ё) uses. */
static void
langid_cyrillic(struct langid_state *st, unsigned c)
{
	unsigned l = c >= 0x400 && c < 0x430 ? c + (c < 0x410 ? 0x50 : 0x20) : c;

	st->n_uk += l == 0x456 || l == 0x457 || l == 0x454 || c == 0x491 || c == 0x490;
	st->n_ru += l == 0x44B || l == 0x44D || l == 0x44A || l == 0x451;
}

static void
langid_scan(const char *text, size_t len, struct langid_state *st)
{
	const unsigned char *s = (const unsigned char *)text;
	bool prev_digit = false;

	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < len;) {
		if (langid_at_address(s, len, i)) {
			st->wlen = 0;	/* the word so far is part of it */
			st->wlong = false;
			while (i < len && s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
				i++;
			continue;
		}
		unsigned c = langid_next_cp(s, len, &i);
		enum langid_script sc = langid_script_of(c);
		if (c >= 0x300 && c <= 0x36F)
			continue;	/* combining accents stay inside their word */
		if (c == '-' && st->wlen > 0 && langid_latin_at(s, len, i)) {
			langid_word_put(st, c);	/* "non-metal" is one word, not "non" */
			continue;
		}
		bool digit = c >= '0' && c <= '9';
		if (sc == SC_LATIN) {
			st->glued |= st->wlen == 0 && prev_digit;
			langid_word_put(st, langid_lower(c));
		} else {
			st->glued |= digit && st->wlen > 0;
			langid_word_end(st);
		}
		prev_digit = digit;
		st->letters[sc]++;
		if (sc == SC_CYRILLIC)
			langid_cyrillic(st, c);
	}
	langid_word_end(st);
}

static void
langid_set(struct langid_result *out, const char *code, double conf)
{
	snprintf(out->code, sizeof(out->code), "%s", code);
	out->confidence = conf < 0 ? 0 : conf > 1 ? 1 : conf;
}

/* Latin script: the language with the most function-word votes. Confidence grows with the
 * evidence (full from 3 of its function words), the coverage (its function words per word:
 * 0.3-0.5 in ordinary prose, full from 0.25) and the margin of votes over the runner-up. */
static void
langid_latin(const struct langid_state *st, double share, struct langid_result *out)
{
	int best = 0, second = -1;
	double cover, margin, evidence;

	for (int i = 1; i < N_LATIN; i++) {
		if (st->score[i] > st->score[best]) {
			second = best;
			best = i;
		} else if (second < 0 || st->score[i] > st->score[second]) {
			second = i;
		}
	}
	if (st->n_words < LANGID_MIN_WORDS || st->score[best] < 1.0) {
		langid_set(out, "und", 0);
		return;
	}
	cover = (double)st->hits[best] / (double)st->n_words;
	margin = (st->score[best] - st->score[second]) / st->score[best];
	evidence = st->hits[best] >= 3 ? 1.0 : (double)st->hits[best] / 3;
	langid_set(out, langid_codes[1 + best],
		   share * evidence * (cover >= 0.25 ? 1.0 : cover / 0.25) * (0.4 + 0.6 * margin));
}

void
langid_detect(const char *text, size_t len, struct langid_result *out)
{
	struct langid_state st;
	size_t total = 0, cjk, n_dom;
	enum langid_script dom = SC_LATIN;
	double share;

	langid_scan(text, text ? len : 0, &st);
	cjk = st.letters[SC_HAN] + st.letters[SC_KANA];
	for (int sc = SC_LATIN; sc < SC__COUNT; sc++) {
		total += st.letters[sc];
		if (sc != SC_HAN && sc != SC_KANA && st.letters[sc] > st.letters[dom])
			dom = (enum langid_script)sc;
	}
	if (cjk > st.letters[dom])
		dom = SC_HAN;
	if (total < LANGID_MIN_LETTERS) {
		langid_set(out, "und", 0);
		return;
	}
	n_dom = dom == SC_HAN ? cjk : st.letters[dom];
	share = (double)n_dom / (double)total;
	if (dom == SC_LATIN) {
		langid_latin(&st, share, out);
		return;
	}
	share *= n_dom >= 12 ? 1.0 : (double)n_dom / 12.0;	/* a few letters say little */
	if (dom == SC_HAN)	/* Japanese writes kana between its kanji; Chinese never */
		langid_set(out, st.letters[SC_KANA] * 20 >= cjk ? "ja" : "zh", share);
	else if (dom == SC_CYRILLIC)
		langid_set(out, st.n_uk > st.n_ru ? "uk" : "ru", share);
	else
		langid_set(out, langid_script_code[dom], share);
}

int
langid_code_index(const char *code)
{
	for (size_t i = 0; i < N_CODES; i++)
		if (strcmp(code, langid_codes[i]) == 0)
			return (int)i;
	return -1;
}

const char *
langid_code_name(int index)
{
	return index >= 0 && (size_t)index < N_CODES ? langid_codes[index] : NULL;
}
