/* test_langid.c: the language identifier on sentences of ~15 words in each language it
 * knows, on scripts, on text it must not guess about, and the code <-> index mapping. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "score/langid.h"

static void
check_lang(const char *text, const char *want, double min_conf)
{
	struct langid_result r;

	langid_detect(text, strlen(text), &r);
	if (strcmp(r.code, want) != 0 || r.confidence < min_conf || r.confidence > 1) {
		fprintf(stderr, "      \"%.40s...\": got %s %.2f, want %s >= %.2f\n", text, r.code,
			r.confidence, want, min_conf);
		CHECK(strcmp(r.code, want) == 0 && r.confidence >= min_conf && r.confidence <= 1);
	}
}

TEST(langid_detects_the_four_main_latin_languages)
{
	check_lang("The weather was beautiful this morning, so we decided to walk to the "
		   "market with our children.", "en", 0.5);
	check_lang("Le temps était magnifique ce matin, alors nous avons décidé d'aller au "
		   "marché avec les enfants.", "fr", 0.5);
	check_lang("El tiempo estaba precioso esta mañana, así que decidimos ir al mercado "
		   "con los niños y el perro.", "es", 0.5);
	check_lang("Das Wetter war heute Morgen wunderschön, also sind wir mit den Kindern "
		   "zum Markt gegangen und haben Obst gekauft.", "de", 0.5);
}

TEST(langid_detects_the_other_latin_languages)
{
	static const struct {
		const char *code, *text;
	} c[] = {
		{"it", "Il tempo era bellissimo questa mattina, quindi abbiamo deciso di andare "
		       "al mercato con i bambini."},
		{"pt", "O tempo estava lindo esta manhã, então decidimos ir ao mercado com as "
		       "crianças e o nosso cão."},
		{"nl", "Het weer was vanochtend prachtig, dus we besloten met de kinderen naar de "
		       "markt te lopen en fruit te kopen."},
		{"sv", "Vädret var vackert i morse, så vi bestämde oss för att gå till torget med "
		       "barnen och köpa frukt."},
		{"da", "Vejret var smukt i morges, så vi besluttede at gå til markedet med "
		       "børnene, og vi købte meget frugt efter det."},
		{"no", "Været var vakkert i morges, så vi bestemte oss for å gå til torget med "
		       "barna, og vi kjøpte mye frukt etter det."},
		{"fi", "Sää oli kaunis tänä aamuna, joten päätimme kävellä torille lasten kanssa "
		       "ja se oli mukavaa, kun myös aurinko paistoi."},
		{"pl", "Pogoda była piękna dziś rano, więc postanowiliśmy pójść na targ z "
		       "dziećmi, ale nie było tam już owoców, które lubimy."},
		{"cs", "Počasí bylo dnes ráno krásné, a tak jsme se rozhodli jít na trh s dětmi, "
		       "ale už tam nebylo ovoce, které máme rádi."},
		{"tr", "Bu sabah hava çok güzeldi, bu yüzden çocuklarla birlikte pazara gitmeye "
		       "karar verdik ve için de biraz meyve aldık."},
		{"id", "Cuaca pagi ini sangat indah, jadi kami memutuskan untuk berjalan ke pasar "
		       "dengan anak-anak dan membeli buah yang segar."},
		{"vi", "Thời tiết sáng nay rất đẹp, vì vậy chúng tôi đã quyết định đi bộ đến chợ "
		       "với các con và mua nhiều trái cây."},
		{"ro", "Vremea a fost foarte frumoasă în această dimineață, așa că am decis să "
		       "mergem la piață cu copiii și să cumpărăm fructe."},
		{"hu", "Az idő nagyon szép volt ma reggel, ezért úgy döntöttünk, hogy a "
		       "gyerekekkel elmegyünk a piacra, és veszünk egy kis gyümölcsöt."},
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		check_lang(c[i].text, c[i].code, 0.3);
}

TEST(langid_detects_scripts)
{
	check_lang("今天天气很好，我们决定带孩子们去市场买一些新鲜的水果。", "zh", 0.5);
	check_lang("今日は天気がとても良かったので、子供たちと市場に行って果物を買いました。",
		   "ja", 0.5);
	check_lang("오늘 아침 날씨가 아주 좋아서 아이들과 함께 시장에 가서 과일을 샀습니다.",
		   "ko", 0.5);
	check_lang("Сегодня утром была прекрасная погода, и мы решили пойти с детьми на рынок.",
		   "ru", 0.5);
	check_lang("Сьогодні вранці була чудова погода, і ми вирішили піти з дітьми на ринок.",
		   "uk", 0.5);
	check_lang("Ο καιρός ήταν υπέροχος σήμερα το πρωί, οπότε πήγαμε στην αγορά με τα παιδιά.",
		   "el", 0.5);
	check_lang("كان الطقس جميلا هذا الصباح، لذلك قررنا الذهاب إلى السوق مع الأطفال.", "ar",
		   0.5);
	check_lang("מזג האוויר היה יפה הבוקר, אז החלטנו ללכת לשוק עם הילדים.", "he", 0.5);
	check_lang("आज सुबह मौसम बहुत अच्छा था, इसलिए हमने बच्चों के साथ बाजार जाने का फैसला किया।",
		   "hi", 0.5);
	check_lang("เช้านี้อากาศดีมาก เราจึงตัดสินใจพาเด็กๆ ไปตลาดเพื่อซื้อผลไม้", "th", 0.5);
}

TEST(langid_says_und_without_enough_text)
{
	static const char *const texts[] = {
		"12345 !!!", "😀🎉👍🏽", "", "   \n\t", "Yes", "https://www.example.com/de/la/com",
		"x = y + 2; z = x * 3;", "\xff\xfe garbage \xc3", "Which would?",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct langid_result r = {"zz", 5};
		langid_detect(texts[i], strlen(texts[i]), &r);
		if (strcmp(r.code, "und") != 0 || r.confidence != 0)
			fprintf(stderr, "      \"%s\": got %s %.2f\n", texts[i], r.code, r.confidence);
		CHECK(strcmp(r.code, "und") == 0 && r.confidence == 0);
	}
	struct langid_result r;
	langid_detect(NULL, 0, &r);
	CHECK_STR(r.code, "und");
}

TEST(langid_mixed_text_keeps_the_main_language)
{
	check_lang("We had a lovely dinner at the restaurant, and the chef said bonjour to "
		   "every guest who came in.", "en", 0.5);
	check_lang("Le président a parlé aux journalistes de la situation économique pendant "
		   "le meeting de Paris.", "fr", 0.5);
	check_lang("The museum showed old Chinese poems such as 静夜思 next to their English "
		   "translations for the visitors.", "en", 0.5);
	/* short non-English text is reported, with less confidence */
	struct langid_result r;
	langid_detect("Je veux une pizza.", 18, &r);
	CHECK_STR(r.code, "fr");
	CHECK(r.confidence > 0 && r.confidence < 0.8);
}

TEST(langid_code_index_round_trips)
{
	int n = 0;

	CHECK(langid_code_index("und") == 0);
	CHECK(langid_code_index("en") == 1);
	CHECK(langid_code_index("xx") == -1);
	CHECK(langid_code_name(-1) == NULL);
	for (int i = 0; langid_code_name(i); i++, n++)
		CHECK(langid_code_index(langid_code_name(i)) == i);
	CHECK(n == 29);
	CHECK(langid_code_name(n) == NULL);
}
