/*
 * gen_samples: writes winnow's bundled sample datasets and synthetic benchmark data.
 *
 *   gen_samples DIR
 *       writes the small sample files (every supported format, with planted defects)
 *       and DIR/defects.tsv, the ground truth for those defects.
 *   gen_samples --scale N --from PATH --out OUT.jsonl [--csv OUT.csv] [--seed S]
 *       writes N Alpaca rows varied from the Alpaca JSON array at PATH.
 *
 * All randomness comes from explicit splitmix64 streams with fixed seeds, never rand()
 * or the clock: the samples are committed to git and the tests compare against
 * defects.tsv, so every run on every machine must produce the same bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define VAR(v, c) ((v)[(c) - 'a'])

/* ==== content: everything the bundled samples are made of =========================== */

/* Which instruction templates fit a topic: history does not "work", dogs are not "how". */
enum {
	TK_PROCESS = 1,
	TK_THING = 2,
	TK_HISTORY = 4,
};

enum {
	D_BIO, D_EARTH, D_ASTRO, D_HEALTH, D_TECH, D_HIST, D_ECON, D_ENV, D_PHYS, D_FOOD,
	D_CULT, D_SELF,
};

struct domain {
	const char *name;
	const char *tag;
};

static const struct domain domains[] = {
	[D_BIO] = {"biology", "Biology"},
	[D_EARTH] = {"earth science", "EarthScience"},
	[D_ASTRO] = {"astronomy", "Space"},
	[D_HEALTH] = {"health", "Health"},
	[D_TECH] = {"technology", "Tech"},
	[D_HIST] = {"history", "History"},
	[D_ECON] = {"economics", "Economics"},
	[D_ENV] = {"environmental science", "Environment"},
	[D_PHYS] = {"physics", "Physics"},
	[D_FOOD] = {"food and cooking", "Food"},
	[D_CULT] = {"arts and culture", "Culture"},
	[D_SELF] = {"personal growth", "SelfImprovement"},
};

/*
 * A topic carries enough hand-written material that answers really are about their
 * instruction. Facts follow the definition in answers, so a fact's "It" or "They" must
 * agree with the subject of def; why must stand on its own.
 */
struct topic {
	const char *name;	/* as used mid-sentence: "the water cycle" */
	const char *be;		/* "is", "are" or "was", agreeing with name */
	unsigned kind;		/* TK_* */
	int domain;
	const char *emoji;
	const char *def;
	const char *why;
	const char *facts[4];
	const char *words[4];	/* nouns for poems */
};

static const struct topic topics[] = {
	{"photosynthesis", "is", TK_PROCESS, D_BIO, "\xF0\x9F\x8C\xB1",
	 "Photosynthesis is the process plants use to turn sunlight, water and carbon dioxide into sugar and oxygen.",
	 "It is the foundation of nearly every food chain and the main source of the oxygen we breathe.",
	 {"It takes place mostly in chloroplasts, which contain the green pigment chlorophyll.",
	  "Light energy splits water molecules, and oxygen is released as a by-product.",
	  "The sugar it produces gives the plant energy to grow roots, stems and leaves.",
	  "Algae and some bacteria can photosynthesize as well, not just land plants."},
	 {"leaf", "sunlight", "seedling", "root"}},
	{"the water cycle", "is", TK_PROCESS, D_EARTH, "\xF0\x9F\x92\xA7",
	 "The water cycle is the continuous movement of water between the oceans, the air and the land.",
	 "It delivers the fresh water that every farm, forest and city depends on.",
	 {"The sun heats surface water, which evaporates and rises as vapor.",
	  "As the vapor cools it condenses into tiny droplets that form clouds.",
	  "When the droplets grow heavy enough they fall back as rain, snow or hail.",
	  "Rivers and groundwater carry much of that water back to the sea."},
	 {"rain", "cloud", "river", "mist"}},
	{"black holes", "are", TK_THING, D_ASTRO, "\xF0\x9F\x8C\x8C",
	 "A black hole is a region of space where gravity is so strong that nothing, not even light, can escape.",
	 "Studying black holes helps physicists test the limits of general relativity.",
	 {"Most black holes form when a very massive star collapses at the end of its life.",
	  "The boundary beyond which escape is impossible is called the event horizon.",
	  "A supermassive black hole sits at the center of most large galaxies, including the Milky Way.",
	  "In 2019 astronomers released the first image of a black hole's shadow, in the galaxy M87."},
	 {"star", "darkness", "horizon", "galaxy"}},
	{"vaccines", "are", TK_PROCESS, D_HEALTH, "\xF0\x9F\x92\x89",
	 "A vaccine is a preparation that trains the immune system to recognize a germ without causing the disease.",
	 "Vaccines have sharply reduced deaths from illnesses such as measles, polio and smallpox.",
	 {"Many vaccines contain a weakened or inactivated form of the virus or bacterium.",
	  "The immune system responds by making antibodies and memory cells.",
	  "If the real germ appears later, those memory cells react much faster.",
	  "Smallpox was declared eradicated in 1980 after a global vaccination campaign."},
	 {"needle", "shield", "arm", "fever"}},
	{"the internet", "is", TK_PROCESS, D_TECH, "\xF0\x9F\x8C\x90",
	 "The internet is a global network of computers that exchange data using shared protocols such as TCP/IP.",
	 "It lets billions of people communicate, work and find information almost instantly.",
	 {"Data travels in small packets that can take different routes to the same destination.",
	  "The Domain Name System translates names like example.com into numeric addresses.",
	  "Undersea fiber-optic cables carry most traffic between continents.",
	  "It grew out of ARPANET, a research network started in the United States in 1969."},
	 {"cable", "signal", "screen", "packet"}},
	{"machine learning", "is", TK_PROCESS, D_TECH, "\xF0\x9F\xA4\x96",
	 "Machine learning is a branch of computer science in which programs improve at a task by learning patterns from data.",
	 "It powers everyday tools such as spam filters, recommendations and speech recognition.",
	 {"A model is trained on examples and adjusts its parameters to reduce its errors.",
	  "Supervised learning uses labeled data, while unsupervised learning looks for structure without labels.",
	  "Neural networks are one popular family of models, loosely inspired by the brain.",
	  "A model that memorizes its training data instead of generalizing is said to overfit."},
	 {"data", "pattern", "model", "error"}},
	{"the French Revolution", "was", TK_HISTORY, D_HIST, "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7",
	 "The French Revolution was a period of radical political change in France that began in 1789.",
	 "It spread ideas of citizenship and equal rights that shaped modern democracies.",
	 {"It started with a financial crisis and anger at the privileges of the nobility and clergy.",
	  "The storming of the Bastille on 14 July 1789 became its most famous symbol.",
	  "King Louis XVI was executed in 1793, and France became a republic.",
	  "The revolution ended with the rise of Napoleon Bonaparte in 1799."},
	 {"crowd", "crown", "flag", "street"}},
	{"the Roman Empire", "was", TK_HISTORY, D_HIST, "\xF0\x9F\x8F\x9B\xEF\xB8\x8F",
	 "The Roman Empire was the state that ruled the Mediterranean world from 27 BC until the fall of its western half in AD 476.",
	 "Its laws, roads, language and architecture still influence Europe today.",
	 {"Augustus became its first emperor after the end of the Roman Republic.",
	  "Roman engineers built aqueducts that carried water into cities over long distances.",
	  "Latin, the language of Rome, is the ancestor of Italian, Spanish, French and Portuguese.",
	  "The eastern half survived as the Byzantine Empire until 1453."},
	 {"marble", "road", "legion", "column"}},
	{"inflation", "is", TK_PROCESS, D_ECON, "\xF0\x9F\x92\xB8",
	 "Inflation is the rate at which the general level of prices rises, so that money buys less over time.",
	 "It affects savings, wages and interest rates, so central banks watch it closely.",
	 {"It is often measured with a consumer price index that tracks a basket of common goods.",
	  "Moderate inflation of around two percent a year is a common target for central banks.",
	  "Very rapid inflation, called hyperinflation, can wipe out savings within months.",
	  "Raising interest rates is one of the main tools used to slow it down."},
	 {"price", "coin", "market", "wage"}},
	{"compound interest", "is", TK_PROCESS, D_ECON, "\xF0\x9F\x93\x88",
	 "Compound interest is interest calculated on both the original amount and the interest already earned.",
	 "It is the reason saving early makes such a large difference over decades.",
	 {"The more often interest is compounded, the faster the balance grows.",
	  "The rule of 72 estimates how many years it takes for money to double: divide 72 by the interest rate.",
	  "It works against borrowers too, which is why credit card debt can grow quickly.",
	  "Over thirty years, even a small monthly deposit can grow several times larger."},
	 {"savings", "seed", "year", "balance"}},
	{"volcanoes", "are", TK_THING, D_EARTH, "\xF0\x9F\x8C\x8B",
	 "A volcano is an opening in the Earth's crust through which molten rock, ash and gases escape.",
	 "Eruptions can threaten nearby towns, but volcanic soil is also some of the most fertile on Earth.",
	 {"Molten rock is called magma underground and lava once it reaches the surface.",
	  "Many volcanoes sit along the edges of tectonic plates, such as the Pacific Ring of Fire.",
	  "Mauna Loa in Hawaii is one of the largest active volcanoes on the planet.",
	  "Ash from a big eruption can cool the global climate for a year or more."},
	 {"fire", "ash", "mountain", "ember"}},
	{"honeybees", "are", TK_THING, D_BIO, "\xF0\x9F\x90\x9D",
	 "Honeybees are social insects that live in large colonies and make honey from flower nectar.",
	 "They pollinate many of the crops people eat, from apples to almonds.",
	 {"A colony has one queen, thousands of female workers and a smaller number of male drones.",
	  "Worker bees tell each other where food is by performing a waggle dance.",
	  "Honey is nectar that bees have partly digested and dried inside wax cells.",
	  "A single worker makes only about a twelfth of a teaspoon of honey in her life."},
	 {"flower", "hive", "nectar", "meadow"}},
	{"the human heart", "is", TK_PROCESS, D_HEALTH, "\xE2\x9D\xA4\xEF\xB8\x8F",
	 "The human heart is a muscular organ that pumps blood through the body's network of vessels.",
	 "It keeps oxygen and nutrients flowing to every cell, so its health affects everything else.",
	 {"It has four chambers: two atria on top and two ventricles below.",
	  "At rest an adult heart beats roughly sixty to one hundred times a minute.",
	  "Valves between the chambers keep blood flowing in one direction.",
	  "Regular exercise strengthens the heart and lowers blood pressure."},
	 {"pulse", "rhythm", "drum", "chest"}},
	{"sleep", "is", TK_THING, D_HEALTH, "\xF0\x9F\x98\xB4",
	 "Sleep is a natural recurring state in which the body rests and the brain processes the day's information.",
	 "Poor sleep is linked to weaker memory, lower mood and a higher risk of illness.",
	 {"Most adults need between seven and nine hours of sleep a night.",
	  "The brain cycles through light sleep, deep sleep and REM sleep several times each night.",
	  "Most vivid dreams happen during REM sleep.",
	  "Bright screens late in the evening can delay the release of the sleep hormone melatonin."},
	 {"pillow", "moon", "dream", "blanket"}},
	{"climate change", "is", TK_PROCESS, D_ENV, "\xF0\x9F\x8C\x8D",
	 "Climate change is the long-term shift in global temperatures and weather patterns, driven mainly by burning fossil fuels.",
	 "It raises sea levels, intensifies heat waves and puts food and water supplies at risk.",
	 {"Carbon dioxide and methane trap heat in the atmosphere like a blanket.",
	  "The planet has warmed by about 1.1 degrees Celsius since the late nineteenth century.",
	  "Melting glaciers and ice sheets are a major cause of rising seas.",
	  "Switching to renewable energy is one of the most effective ways to cut emissions."},
	 {"ice", "heat", "ocean", "storm"}},
	{"solar power", "is", TK_PROCESS, D_ENV, "\xE2\x98\x80\xEF\xB8\x8F",
	 "Solar power is electricity generated from sunlight, usually with photovoltaic panels.",
	 "It produces no emissions while running and has become one of the cheapest sources of new electricity.",
	 {"Photovoltaic cells are made from semiconductors, usually silicon, that release electrons when light hits them.",
	  "Panels produce direct current, which an inverter converts to alternating current for the home.",
	  "Output drops on cloudy days and stops at night, so batteries are often used for storage.",
	  "The cost of solar panels fell by roughly ninety percent between 2010 and 2020."},
	 {"panel", "sun", "roof", "noon"}},
	{"recycling", "is", TK_PROCESS, D_ENV, "\xE2\x99\xBB\xEF\xB8\x8F",
	 "Recycling is the process of collecting used materials and turning them into new products.",
	 "It saves raw materials and energy and keeps waste out of landfills.",
	 {"Aluminium cans can be recycled again and again without losing quality.",
	  "Making paper from recycled fibers uses less water and energy than starting from trees.",
	  "Food residue and plastic bags are common contaminants that can spoil a whole batch.",
	  "Glass is usually sorted by color before it is melted down."},
	 {"bottle", "bin", "paper", "can"}},
	{"the printing press", "is", TK_PROCESS, D_HIST, "\xF0\x9F\x93\x9C",
	 "The printing press is a machine that presses inked type onto paper, and Johannes Gutenberg's version of around 1440 made mass printing practical.",
	 "Cheap books spread literacy and new ideas across Europe far faster than hand copying.",
	 {"Gutenberg used movable metal type that could be rearranged for each page.",
	  "The Gutenberg Bible, printed in the 1450s, was one of the first major books made this way.",
	  "Within fifty years, printing shops had appeared in hundreds of European towns.",
	  "Printed pamphlets played a large role in the Protestant Reformation."},
	 {"ink", "page", "letter", "lamp"}},
	{"DNA", "is", TK_THING, D_BIO, "\xF0\x9F\xA7\xAC",
	 "DNA is the molecule that carries the genetic instructions for the growth and functioning of living things.",
	 "Understanding it has transformed medicine, forensics and agriculture.",
	 {"Its shape is a double helix, like a twisted ladder.",
	  "The rungs of the ladder are pairs of four bases, written A, T, C and G.",
	  "A gene is a stretch of DNA that contains the instructions for one product, often a protein.",
	  "The Human Genome Project finished mapping human DNA in 2003."},
	 {"helix", "code", "ladder", "thread"}},
	{"earthquakes", "are", TK_THING, D_EARTH, "\xF0\x9F\x8C\x8F",
	 "An earthquake is the sudden shaking of the ground caused by rocks slipping along a fault.",
	 "Knowing where earthquakes are likely helps engineers design buildings that stay standing.",
	 {"Most earthquakes happen where tectonic plates meet and grind past each other.",
	  "The point underground where the slip starts is called the focus, or hypocenter.",
	  "Earthquake size is measured on the moment magnitude scale, where each step means about thirty-two times more energy.",
	  "An undersea earthquake can push up a tsunami that crosses an entire ocean."},
	 {"ground", "fault", "tremor", "stone"}},
	{"coffee", "is", TK_THING, D_FOOD, "\xE2\x98\x95",
	 "Coffee is a drink brewed from the roasted seeds of the coffee plant.",
	 "It is one of the most traded farm products in the world and a daily habit for billions of people.",
	 {"The two main species are arabica, which is milder, and robusta, which has more caffeine.",
	  "Coffee plants grow best in the tropics, in a belt around the equator.",
	  "Roasting turns the green seeds brown and creates hundreds of aroma compounds.",
	  "According to legend, an Ethiopian goat herder discovered coffee when his goats grew lively after eating the berries."},
	 {"cup", "bean", "morning", "steam"}},
	{"bread baking", "is", TK_PROCESS, D_FOOD, "\xF0\x9F\x8D\x9E",
	 "Bread baking is the craft of turning flour, water, salt and yeast into a risen, baked loaf.",
	 "Bread has been a staple food for thousands of years in many parts of the world.",
	 {"Kneading develops gluten, a network of proteins that traps gas and gives bread its structure.",
	  "Yeast eats sugars in the dough and releases carbon dioxide, which makes it rise.",
	  "Sourdough uses a starter of wild yeast and bacteria instead of packaged yeast.",
	  "The brown crust comes from the Maillard reaction between proteins and sugars in the heat of the oven."},
	 {"flour", "oven", "crust", "loaf"}},
	{"chess", "is", TK_THING, D_CULT, "\xE2\x99\x9F\xEF\xB8\x8F",
	 "Chess is a two-player strategy game played on a board of sixty-four squares.",
	 "It trains planning, pattern recognition and patience, and it is played by millions of people worldwide.",
	 {"Each player starts with sixteen pieces: a king, a queen, two rooks, two bishops, two knights and eight pawns.",
	  "The goal is to checkmate the opponent's king so that it cannot escape capture.",
	  "The modern rules settled in southern Europe around the late fifteenth century.",
	  "In 1997 the computer Deep Blue defeated world champion Garry Kasparov in a match."},
	 {"knight", "board", "king", "square"}},
	{"the Olympic Games", "are", TK_THING, D_CULT, "\xF0\x9F\x8F\x85",
	 "The Olympic Games are an international sporting event held every four years, with separate summer and winter editions.",
	 "They bring together athletes from more than two hundred nations and celebrate peaceful competition.",
	 {"The ancient games began in Olympia, Greece, around 776 BC.",
	  "The modern games were revived in Athens in 1896 by Pierre de Coubertin.",
	  "The five interlocking rings on the Olympic flag represent the inhabited continents.",
	  "The Winter Games were added in 1924 in Chamonix, France."},
	 {"torch", "medal", "track", "flame"}},
	{"the piano", "is", TK_PROCESS, D_CULT, "\xF0\x9F\x8E\xB9",
	 "The piano is a keyboard instrument that makes sound when felt hammers strike tuned strings.",
	 "Its wide range lets a single player perform melody and harmony at the same time.",
	 {"A standard piano has eighty-eight keys, fifty-two white and thirty-six black.",
	  "It was invented in Italy around 1700 by Bartolomeo Cristofori.",
	  "Its full name, pianoforte, refers to its ability to play both soft and loud.",
	  "The sustain pedal lifts the dampers so notes keep ringing after the keys are released."},
	 {"key", "melody", "string", "hammer"}},
	{"electric cars", "are", TK_PROCESS, D_TECH, "\xF0\x9F\x94\x8B",
	 "An electric car is a vehicle driven by electric motors and powered by a rechargeable battery pack.",
	 "Electric cars produce no tailpipe emissions, which helps cut air pollution in cities.",
	 {"Most electric cars use lithium-ion batteries similar to those in phones, but far larger.",
	  "Regenerative braking turns some of the car's motion back into stored energy.",
	  "Electric motors deliver full torque instantly, so these cars accelerate quickly.",
	  "Charging at home overnight is usually cheaper than filling a tank with petrol."},
	 {"battery", "highway", "charger", "motor"}},
	{"the Moon", "is", TK_THING, D_ASTRO, "\xF0\x9F\x8C\x99",
	 "The Moon is Earth's only natural satellite, orbiting our planet about once every 27 days.",
	 "Its gravity drives the ocean tides and helps stabilize the tilt of Earth's axis.",
	 {"It is about a quarter of Earth's diameter and roughly 384,000 kilometres away.",
	  "The same side always faces Earth because its rotation is locked to its orbit.",
	  "Twelve astronauts walked on its surface during NASA's Apollo missions between 1969 and 1972.",
	  "Its craters were formed by impacts from asteroids and comets billions of years ago."},
	 {"tide", "silver", "crater", "night"}},
	{"Mars", "is", TK_THING, D_ASTRO, "\xF0\x9F\x94\xB4",
	 "Mars is the fourth planet from the Sun, a cold desert world often called the Red Planet.",
	 "It is the most likely place in the solar system for people to visit and for signs of past life.",
	 {"Its red color comes from iron oxide, or rust, in the dust covering its surface.",
	  "Olympus Mons on Mars is the tallest volcano known in the solar system.",
	  "A day on Mars lasts about 24 hours and 40 minutes.",
	  "Robotic rovers such as Curiosity and Perseverance have explored its surface."},
	 {"dust", "rover", "desert", "canyon"}},
	{"the immune system", "is", TK_PROCESS, D_HEALTH, "\xF0\x9F\x9B\xA1\xEF\xB8\x8F",
	 "The immune system is the body's network of cells, tissues and organs that defends against infection.",
	 "Without it, even a minor cut or common cold could become life-threatening.",
	 {"White blood cells patrol the body and attack invading germs.",
	  "Fever is one way the body makes conditions harder for bacteria and viruses.",
	  "The lymph nodes act as filters where immune cells gather and share information.",
	  "Sleep, a balanced diet and exercise all help it work well."},
	 {"guard", "wall", "sentry", "gate"}},
	{"meditation", "is", TK_THING, D_SELF, "\xF0\x9F\xA7\x98",
	 "Meditation is a practice of training attention, often by focusing on the breath, a word or the present moment.",
	 "Regular practice can lower stress and improve focus.",
	 {"Even ten minutes a day can make a noticeable difference for many people.",
	  "Mindfulness meditation involves noticing thoughts without judging them.",
	  "It has roots in ancient traditions in India, China and elsewhere.",
	  "Studies link it with lower blood pressure and better sleep."},
	 {"breath", "silence", "stillness", "candle"}},
	{"the Great Wall of China", "is", TK_THING, D_HIST, "\xF0\x9F\xA7\xB1",
	 "The Great Wall of China is a series of fortifications built across northern China over many centuries.",
	 "It shows the scale of engineering ancient states could achieve and is now a major cultural symbol.",
	 {"Most of the wall that survives today was built during the Ming dynasty.",
	  "Including all its branches, it stretches more than 20,000 kilometres.",
	  "Watchtowers along the wall used smoke and fire signals to warn of attacks.",
	  "Contrary to a popular myth, it is not visible to the naked eye from the Moon."},
	 {"brick", "tower", "hill", "wind"}},
	{"electricity", "is", TK_PROCESS, D_PHYS, "\xE2\x9A\xA1",
	 "Electricity is the flow of electric charge, usually carried by electrons moving through a conductor.",
	 "Almost every modern technology, from lights to computers, runs on it.",
	 {"Voltage is the push that moves charge, and current is the amount of charge flowing.",
	  "Copper is widely used in wires because it conducts electricity well and is fairly cheap.",
	  "Ohm's law says that current equals voltage divided by resistance.",
	  "Lightning is a giant natural discharge of static electricity."},
	 {"spark", "wire", "current", "bulb"}},
	{"gravity", "is", TK_PROCESS, D_PHYS, "\xF0\x9F\x8D\x8E",
	 "Gravity is the force by which objects with mass attract one another.",
	 "It holds planets in orbit, keeps our atmosphere in place and shapes the structure of the universe.",
	 {"Isaac Newton described it mathematically in 1687.",
	  "Albert Einstein later explained it as the curving of space and time by mass.",
	  "On the Moon, gravity is about one sixth as strong as on Earth.",
	  "Near the surface of the Earth, falling objects speed up by about 9.8 metres per second every second."},
	 {"apple", "orbit", "weight", "fall"}},
	{"the stock market", "is", TK_PROCESS, D_ECON, "\xF0\x9F\x93\x8A",
	 "The stock market is a set of exchanges where shares of public companies are bought and sold.",
	 "It helps companies raise money to grow and gives savers a way to share in that growth.",
	 {"A share represents a small piece of ownership in a company.",
	  "Prices move with supply and demand, which reflect news, earnings and investor mood.",
	  "Index funds track a whole market index, which spreads risk across many companies.",
	  "The New York Stock Exchange traces its origins to an agreement signed in 1792."},
	 {"share", "chart", "trader", "bell"}},
	{"rainforests", "are", TK_THING, D_ENV, "\xF0\x9F\x8C\xB3",
	 "A rainforest is a dense forest that receives heavy rainfall throughout the year.",
	 "Rainforests store huge amounts of carbon and are home to more than half of the world's land species.",
	 {"The Amazon is the largest tropical rainforest, covering parts of nine countries.",
	  "Most of the life is found in the canopy, the thick upper layer of leaves.",
	  "Many medicines have been developed from rainforest plants.",
	  "Large areas are cleared every year for cattle ranching, soy and logging."},
	 {"canopy", "vine", "parrot", "jaguar"}},
	{"coral reefs", "are", TK_THING, D_ENV, "\xF0\x9F\x90\xA0",
	 "A coral reef is an underwater structure built by colonies of tiny animals called coral polyps.",
	 "Reefs cover less than one percent of the ocean floor but support about a quarter of all marine species.",
	 {"Corals get much of their food from algae that live inside their tissues.",
	  "When water gets too warm, corals expel those algae and turn white, which is called bleaching.",
	  "The Great Barrier Reef off Australia is the largest reef system on Earth.",
	  "Reefs protect coastlines by breaking up waves before they reach the shore."},
	 {"fish", "wave", "coral", "lagoon"}},
	{"public speaking", "is", TK_THING, D_SELF, "\xF0\x9F\x8E\xA4",
	 "Public speaking is the skill of presenting information or ideas to a live audience.",
	 "Clear speaking helps in job interviews, meetings and almost any kind of leadership.",
	 {"Practicing out loud several times is the most reliable way to reduce nerves.",
	  "A clear structure with a beginning, middle and end makes a talk easier to follow.",
	  "Pausing briefly instead of saying filler words makes a speaker sound more confident.",
	  "Eye contact helps the audience feel included."},
	 {"stage", "voice", "audience", "microphone"}},
	{"time management", "is", TK_THING, D_SELF, "\xE2\x8F\xB0",
	 "Time management is the practice of planning how to divide your time between tasks so the important ones get done.",
	 "It reduces stress and leaves more room for rest and the things you enjoy.",
	 {"Breaking large projects into small steps makes them easier to start.",
	  "The Pomodoro technique alternates twenty-five minutes of focused work with short breaks.",
	  "Writing tasks down frees your mind from trying to remember everything.",
	  "Tackling the hardest task early in the day works well for many people."},
	 {"clock", "hour", "calendar", "list"}},
	{"Python", "is", TK_THING, D_TECH, "\xF0\x9F\x90\x8D",
	 "Python is a general-purpose programming language known for its readable syntax.",
	 "Its simplicity and large library ecosystem make it popular for data science, automation and teaching.",
	 {"It uses indentation instead of curly braces to group blocks of code.",
	  "It was created by Guido van Rossum and first released in 1991.",
	  "Libraries such as NumPy and pandas made it a standard tool for data analysis.",
	  "Its package index, PyPI, hosts hundreds of thousands of third-party packages."},
	 {"script", "snake", "loop", "terminal"}},
	{"databases", "are", TK_PROCESS, D_TECH, "\xF0\x9F\x97\x84\xEF\xB8\x8F",
	 "A database is an organized collection of data that software can store, search and update efficiently.",
	 "Nearly every app, from banking to social media, relies on a database to keep its data safe and consistent.",
	 {"Relational databases store data in tables and are queried with SQL.",
	  "Indexes let a database find rows quickly without scanning the whole table.",
	  "Transactions make sure a group of changes either all happen or none do.",
	  "SQLite is a small database engine that stores everything in a single file."},
	 {"table", "row", "query", "disk"}},
	{"the Renaissance", "was", TK_HISTORY, D_HIST, "\xF0\x9F\x8E\xA8",
	 "The Renaissance was a period of European cultural revival between roughly the fourteenth and seventeenth centuries.",
	 "It changed art, science and learning and laid foundations for the modern world.",
	 {"It began in Italian city-states such as Florence and Venice.",
	  "Artists such as Leonardo da Vinci and Michelangelo developed realistic perspective and anatomy.",
	  "Scholars revived interest in the literature of ancient Greece and Rome.",
	  "Wealthy patrons like the Medici family paid for many famous works of art."},
	 {"canvas", "dome", "painter", "fresco"}},
	{"dogs", "are", TK_THING, D_BIO, "\xF0\x9F\x90\x95",
	 "Dogs are domesticated mammals descended from wolves and kept by people for companionship and work.",
	 "They help people as guides, herders, rescuers and loyal companions.",
	 {"They were probably domesticated more than fifteen thousand years ago.",
	  "A dog's sense of smell is tens of thousands of times more sensitive than a human's.",
	  "There are hundreds of breeds, from tiny Chihuahuas to giant Great Danes.",
	  "Dogs communicate through body language, such as tail position and ear movement."},
	 {"tail", "bark", "park", "paw"}},
	{"glaciers", "are", TK_THING, D_EARTH, "\xF0\x9F\x8F\x94\xEF\xB8\x8F",
	 "A glacier is a large, slow-moving mass of ice formed from snow that has piled up over many years.",
	 "Glaciers store about two thirds of the world's fresh water and feed many major rivers.",
	 {"As snow is buried and compressed, it turns into dense glacial ice.",
	  "Glaciers move under their own weight, usually only a few metres a day.",
	  "Glaciers carved many valleys, lakes and fjords during past ice ages.",
	  "Most of the world's glaciers are shrinking as the climate warms."},
	 {"ice", "valley", "snow", "summit"}},
	{"a balanced diet", "is", TK_THING, D_HEALTH, "\xF0\x9F\xA5\x97",
	 "A balanced diet is one that gives the body the right mix of nutrients, vitamins and energy.",
	 "Good nutrition supports growth, energy levels and long-term health.",
	 {"Vegetables, fruits and whole grains provide fiber that helps digestion.",
	  "Protein from beans, fish, eggs or meat is needed to build and repair tissue.",
	  "Drinking enough water is as important as eating well.",
	  "Too much added sugar and salt raises the risk of heart disease."},
	 {"bowl", "harvest", "garden", "spoon"}},
	{"the Industrial Revolution", "was", TK_HISTORY, D_HIST, "\xF0\x9F\x8F\xAD",
	 "The Industrial Revolution was the shift from hand production to machines and factories that began in Britain in the late eighteenth century.",
	 "It created modern industry and cities and raised living standards over time, though at a high early cost for workers.",
	 {"The steam engine, improved by James Watt, powered factories, mines and trains.",
	  "Textile mills were among the first large factories.",
	  "Millions of people moved from farms to rapidly growing cities.",
	  "Railways cut travel times and linked markets across whole countries."},
	 {"steam", "smoke", "gear", "factory"}},
};

/* Goals for "List three ways to ..." questions; tips are whole sentences. */
struct goal {
	const char *what;
	const char *tips[5];
};

static const struct goal goals[] = {
	{"save money on groceries",
	 {"Plan your meals for the week and shop with a list.",
	  "Buy store brands, which are often just as good as big names.",
	  "Compare the unit price rather than the package price.",
	  "Cook larger batches and freeze leftovers for later.",
	  "Avoid shopping when you are hungry."}},
	{"improve your sleep",
	 {"Go to bed and wake up at the same time every day.",
	  "Keep your bedroom dark, quiet and cool.",
	  "Avoid caffeine in the afternoon and evening.",
	  "Put screens away at least half an hour before bed.",
	  "Get some daylight and exercise during the day."}},
	{"reduce stress at work",
	 {"Take short breaks to stand up and stretch.",
	  "Break big tasks into smaller, manageable steps.",
	  "Say no to requests that do not fit your priorities.",
	  "Talk to your manager early when the workload is too heavy.",
	  "Leave work at work by setting a clear end to the day."}},
	{"learn a new language",
	 {"Practice a little every day instead of cramming once a week.",
	  "Label objects at home with their names in the new language.",
	  "Watch films or series with subtitles in that language.",
	  "Find a conversation partner or tutor to speak with.",
	  "Learn the most common words first."}},
	{"stay productive when working from home",
	 {"Set up a dedicated workspace away from the bed and sofa.",
	  "Keep regular working hours.",
	  "Get dressed as if you were going to the office.",
	  "Use a to-do list to plan each day.",
	  "Turn off notifications that are not related to work."}},
	{"be more environmentally friendly",
	 {"Carry a reusable water bottle and shopping bag.",
	  "Walk, cycle or take public transport when you can.",
	  "Eat more plant-based meals.",
	  "Turn off lights and unplug chargers you are not using.",
	  "Repair things before replacing them."}},
	{"make a good first impression",
	 {"Arrive on time or a few minutes early.",
	  "Smile and make eye contact.",
	  "Listen carefully and ask questions about the other person.",
	  "Dress appropriately for the occasion.",
	  "Remember and use people's names."}},
	{"keep a houseplant healthy",
	 {"Check how much light the plant needs and place it accordingly.",
	  "Water only when the top layer of soil feels dry.",
	  "Use a pot with drainage holes so the roots do not rot.",
	  "Wipe dust off the leaves now and then.",
	  "Feed it with diluted fertilizer during the growing season."}},
	{"prepare for a job interview",
	 {"Research the company and its products.",
	  "Practice answers to common questions out loud.",
	  "Prepare a few questions to ask the interviewer.",
	  "Plan your route so you arrive on time.",
	  "Bring copies of your resume and a notebook."}},
	{"improve your writing",
	 {"Read widely, especially in the style you want to write.",
	  "Cut unnecessary words from every sentence.",
	  "Write a first draft quickly and edit it later.",
	  "Read your work aloud to catch awkward phrasing.",
	  "Ask someone you trust for honest feedback."}},
	{"stay hydrated",
	 {"Keep a water bottle within reach during the day.",
	  "Drink a glass of water with every meal.",
	  "Eat water-rich foods such as cucumbers and oranges.",
	  "Set reminders on your phone if you tend to forget.",
	  "Drink more when it is hot or when you exercise."}},
	{"reduce screen time",
	 {"Turn off non-essential notifications.",
	  "Keep your phone out of the bedroom.",
	  "Set daily limits for social media apps.",
	  "Replace scrolling with a hobby such as reading or walking.",
	  "Agree on screen-free times with your family."}},
	{"make new friends as an adult",
	 {"Join a club or class built around a hobby you enjoy.",
	  "Volunteer for a local cause.",
	  "Say yes to invitations even when you feel a little shy.",
	  "Follow up with people you meet instead of waiting for them.",
	  "Be patient, since friendships take time to grow."}},
	{"get better at cooking",
	 {"Master a few basic recipes before trying complicated ones.",
	  "Taste your food as you cook and adjust the seasoning.",
	  "Keep your knives sharp, which makes cutting safer and easier.",
	  "Prepare all ingredients before you turn on the heat.",
	  "Learn from videos that show each technique step by step."}},
	{"save energy at home",
	 {"Switch to LED light bulbs.",
	  "Wash clothes in cold water when possible.",
	  "Seal gaps around doors and windows.",
	  "Lower the thermostat by one or two degrees in winter.",
	  "Unplug devices that draw power on standby."}},
	{"study more effectively",
	 {"Test yourself instead of just rereading notes.",
	  "Spread study sessions out over several days.",
	  "Study in a quiet place without your phone.",
	  "Explain the material to someone else.",
	  "Get enough sleep before an exam."}},
	{"start running",
	 {"Begin with a mix of walking and jogging.",
	  "Invest in a pair of comfortable running shoes.",
	  "Increase your distance by no more than about ten percent a week.",
	  "Warm up before each run and stretch afterwards.",
	  "Run at a pace where you can still hold a conversation."}},
	{"protect your privacy online",
	 {"Use a different strong password for every account.",
	  "Turn on two-factor authentication.",
	  "Be careful about what you share on social media.",
	  "Keep your software and apps up to date.",
	  "Check app permissions and remove the ones you do not need."}},
	{"keep your kitchen clean",
	 {"Wipe the counters after every meal.",
	  "Wash dishes right away instead of letting them pile up.",
	  "Empty the bin before it overflows.",
	  "Clean the fridge once a week and throw out old food.",
	  "Keep a spray bottle of cleaner within easy reach."}},
	{"be a better listener",
	 {"Give the speaker your full attention and put your phone away.",
	  "Do not interrupt while the other person is talking.",
	  "Repeat back what you heard to check you understood.",
	  "Ask open questions that invite more detail.",
	  "Notice body language as well as words."}},
	{"plan a budget-friendly trip",
	 {"Travel outside the peak season.",
	  "Book flights and accommodation early.",
	  "Stay in hostels, guesthouses or rentals with a kitchen.",
	  "Use public transport instead of taxis.",
	  "Look for free museums, parks and walking tours."}},
	{"reduce food waste",
	 {"Store fruits and vegetables properly so they last longer.",
	  "Use the oldest food in your fridge first.",
	  "Turn leftovers into soups, stir-fries or sandwiches.",
	  "Freeze bread and meat you will not use in time.",
	  "Buy only what you need for the next few days."}},
	{"improve your posture",
	 {"Keep your screen at eye level.",
	  "Sit with your feet flat on the floor.",
	  "Take a short break to move every half hour.",
	  "Strengthen your core with simple exercises.",
	  "Avoid looking down at your phone for long periods."}},
	{"motivate a team",
	 {"Set clear goals so everyone knows what success looks like.",
	  "Recognize good work publicly.",
	  "Give people ownership of their tasks.",
	  "Share the reasons behind decisions.",
	  "Offer chances to learn new skills."}},
	{"memorize information",
	 {"Break the material into small chunks.",
	  "Use mnemonics or acronyms.",
	  "Review what you learned after a day, then after a week.",
	  "Connect new facts to things you already know.",
	  "Teach the material to someone else."}},
};

struct country {
	const char *name, *capital, *where, *lang;
};

static const struct country countries[] = {
	{"France", "Paris", "Western Europe", "French is the official language"},
	{"Germany", "Berlin", "Central Europe", "German is the official language"},
	{"Japan", "Tokyo", "East Asia", "Japanese is the main language"},
	{"Brazil", "Bras\xC3\xADlia", "South America", "Portuguese is the official language"},
	{"Canada", "Ottawa", "North America", "English and French are the official languages"},
	{"Australia", "Canberra", "Oceania", "English is the main language"},
	{"Kenya", "Nairobi", "East Africa", "Swahili and English are the official languages"},
	{"Egypt", "Cairo", "North Africa", "Arabic is the official language"},
	{"India", "New Delhi", "South Asia", "Hindi and English are the main official languages"},
	{"Mexico", "Mexico City", "North America", "Spanish is the most widely spoken language"},
	{"Argentina", "Buenos Aires", "South America", "Spanish is the official language"},
	{"Italy", "Rome", "Southern Europe", "Italian is the official language"},
	{"Spain", "Madrid", "Southern Europe", "Spanish is the official language"},
	{"Norway", "Oslo", "Northern Europe", "Norwegian is the official language"},
	{"Vietnam", "Hanoi", "Southeast Asia", "Vietnamese is the official language"},
	{"Peru", "Lima", "South America", "Spanish, Quechua and Aymara are official languages"},
	{"Turkey", "Ankara", "both Europe and Asia", "Turkish is the official language"},
	{"South Korea", "Seoul", "East Asia", "Korean is the official language"},
	{"Morocco", "Rabat", "North Africa", "Arabic and Berber are the official languages"},
	{"Poland", "Warsaw", "Central Europe", "Polish is the official language"},
	{"Thailand", "Bangkok", "Southeast Asia", "Thai is the official language"},
	{"Chile", "Santiago", "South America", "Spanish is the official language"},
	{"New Zealand", "Wellington", "Oceania", "English, M\xC4\x81ori and sign language are official"},
	{"Portugal", "Lisbon", "Southern Europe", "Portuguese is the official language"},
	{"Sweden", "Stockholm", "Northern Europe", "Swedish is the main language"},
	{"Nigeria", "Abuja", "West Africa", "English is the official language"},
	{"Indonesia", "Jakarta", "Southeast Asia", "Indonesian is the official language"},
	{"Greece", "Athens", "Southern Europe", "Greek is the official language"},
	{"Ireland", "Dublin", "Northern Europe", "Irish and English are the official languages"},
	{"Ghana", "Accra", "West Africa", "English is the official language"},
};

/* Parallel sentences: English, French, Spanish, German, Chinese, Japanese. */
enum { L_EN, L_FR, L_ES, L_DE, L_ZH, L_JA, L__N };

static const char *const lang_names[L__N] = {
	"English", "French", "Spanish", "German", "Chinese", "Japanese",
};

static const char *const phrases[][L__N] = {
	{"Where is the train station?", "O\xC3\xB9 est la gare ?",
	 "\xC2\xBF" "D\xC3\xB3nde est\xC3\xA1 la estaci\xC3\xB3n de tren?", "Wo ist der Bahnhof?",
	 "\xE7\x81\xAB\xE8\xBD\xA6\xE7\xAB\x99\xE5\x9C\xA8\xE5\x93\xAA\xE9\x87\x8C\xEF\xBC\x9F",
	 "\xE9\xA7\x85\xE3\x81\xAF\xE3\x81\xA9\xE3\x81\x93\xE3\x81\xA7\xE3\x81\x99\xE3\x81\x8B\xEF\xBC\x9F"},
	{"I would like a cup of coffee, please.",
	 "Je voudrais une tasse de caf\xC3\xA9, s'il vous pla\xC3\xAEt.",
	 "Quisiera una taza de caf\xC3\xA9, por favor.", "Ich h\xC3\xA4tte gern eine Tasse Kaffee, bitte.",
	 "\xE8\xAF\xB7\xE7\xBB\x99\xE6\x88\x91\xE4\xB8\x80\xE6\x9D\xAF\xE5\x92\x96\xE5\x95\xA1\xE3\x80\x82",
	 "\xE3\x82\xB3\xE3\x83\xBC\xE3\x83\x92\xE3\x83\xBC\xE3\x82\x92\xE4\xB8\x80\xE6\x9D\xAF\xE3\x81\x8A\xE9\xA1\x98\xE3\x81\x84\xE3\x81\x97\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"},
	{"The weather is beautiful today.", "Il fait beau aujourd'hui.",
	 "Hoy hace un tiempo precioso.", "Das Wetter ist heute sch\xC3\xB6n.",
	 "\xE4\xBB\x8A\xE5\xA4\xA9\xE5\xA4\xA9\xE6\xB0\x94\xE5\xBE\x88\xE5\xA5\xBD\xE3\x80\x82",
	 "\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF\xE3\x81\x84\xE3\x81\x84\xE5\xA4\xA9\xE6\xB0\x97\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82"},
	{"How much does this book cost?", "Combien co\xC3\xBBte ce livre ?",
	 "\xC2\xBF" "Cu\xC3\xA1nto cuesta este libro?", "Wie viel kostet dieses Buch?",
	 "\xE8\xBF\x99\xE6\x9C\xAC\xE4\xB9\xA6\xE5\xA4\x9A\xE5\xB0\x91\xE9\x92\xB1\xEF\xBC\x9F",
	 "\xE3\x81\x93\xE3\x81\xAE\xE6\x9C\xAC\xE3\x81\xAF\xE3\x81\x84\xE3\x81\x8F\xE3\x82\x89\xE3\x81\xA7\xE3\x81\x99\xE3\x81\x8B\xEF\xBC\x9F"},
	{"My sister works at the hospital.", "Ma s\xC5\x93ur travaille \xC3\xA0 l'h\xC3\xB4pital.",
	 "Mi hermana trabaja en el hospital.", "Meine Schwester arbeitet im Krankenhaus.",
	 "\xE6\x88\x91\xE5\xA7\x90\xE5\xA7\x90\xE5\x9C\xA8\xE5\x8C\xBB\xE9\x99\xA2\xE5\xB7\xA5\xE4\xBD\x9C\xE3\x80\x82",
	 "\xE5\xA7\x89\xE3\x81\xAF\xE7\x97\x85\xE9\x99\xA2\xE3\x81\xA7\xE5\x83\x8D\xE3\x81\x84\xE3\x81\xA6\xE3\x81\x84\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"},
	{"We are going to the beach tomorrow.", "Nous allons \xC3\xA0 la plage demain.",
	 "Ma\xC3\xB1" "ana vamos a la playa.", "Wir fahren morgen an den Strand.",
	 "\xE6\x88\x91\xE4\xBB\xAC\xE6\x98\x8E\xE5\xA4\xA9\xE5\x8E\xBB\xE6\xB5\xB7\xE6\xBB\xA9\xE3\x80\x82",
	 "\xE7\xA7\x81\xE3\x81\x9F\xE3\x81\xA1\xE3\x81\xAF\xE6\x98\x8E\xE6\x97\xA5\xE3\x83\x93\xE3\x83\xBC\xE3\x83\x81\xE3\x81\xAB\xE8\xA1\x8C\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"},
	{"Can you help me find my keys?", "Peux-tu m'aider \xC3\xA0 trouver mes cl\xC3\xA9s ?",
	 "\xC2\xBFPuedes ayudarme a encontrar mis llaves?",
	 "Kannst du mir helfen, meine Schl\xC3\xBCssel zu finden?",
	 "\xE4\xBD\xA0\xE8\x83\xBD\xE5\xB8\xAE\xE6\x88\x91\xE6\x89\xBE\xE9\x92\xA5\xE5\x8C\x99\xE5\x90\x97\xEF\xBC\x9F",
	 "\xE9\x8D\xB5\xE3\x82\x92\xE6\x8E\xA2\xE3\x81\x99\xE3\x81\xAE\xE3\x82\x92\xE6\x89\x8B\xE4\xBC\x9D\xE3\x81\xA3\xE3\x81\xA6\xE3\x81\x8F\xE3\x82\x8C\xE3\x81\xBE\xE3\x81\x99\xE3\x81\x8B\xEF\xBC\x9F"},
	{"The museum is closed on Mondays.", "Le mus\xC3\xA9" "e est ferm\xC3\xA9 le lundi.",
	 "El museo cierra los lunes.", "Das Museum ist montags geschlossen.",
	 "\xE5\x8D\x9A\xE7\x89\xA9\xE9\xA6\x86\xE5\x91\xA8\xE4\xB8\x80\xE9\x97\xAD\xE9\xA6\x86\xE3\x80\x82",
	 "\xE5\x8D\x9A\xE7\x89\xA9\xE9\xA4\xA8\xE3\x81\xAF\xE6\x9C\x88\xE6\x9B\x9C\xE6\x97\xA5\xE3\x81\x8C\xE4\xBC\x91\xE9\xA4\xA8\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82"},
	{"I have been learning to play the guitar.", "J'apprends \xC3\xA0 jouer de la guitare.",
	 "Estoy aprendiendo a tocar la guitarra.", "Ich lerne gerade Gitarre spielen.",
	 "\xE6\x88\x91\xE4\xB8\x80\xE7\x9B\xB4\xE5\x9C\xA8\xE5\xAD\xA6\xE5\xBC\xB9\xE5\x90\x89\xE4\xBB\x96\xE3\x80\x82",
	 "\xE3\x82\xAE\xE3\x82\xBF\xE3\x83\xBC\xE3\x82\x92\xE7\xBF\x92\xE3\x81\xA3\xE3\x81\xA6\xE3\x81\x84\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"},
	{"Please close the window, it is cold.",
	 "Ferme la fen\xC3\xAAtre, s'il te pla\xC3\xAEt, il fait froid.",
	 "Cierra la ventana, por favor, hace fr\xC3\xAD" "o.", "Mach bitte das Fenster zu, es ist kalt.",
	 "\xE8\xAF\xB7\xE5\x85\xB3\xE4\xB8\x8A\xE7\xAA\x97\xE6\x88\xB7\xEF\xBC\x8C\xE5\xA4\xA9\xE5\xBE\x88\xE5\x86\xB7\xE3\x80\x82",
	 "\xE5\xAF\x92\xE3\x81\x84\xE3\x81\xAE\xE3\x81\xA7\xE7\xAA\x93\xE3\x82\x92\xE9\x96\x89\xE3\x82\x81\xE3\x81\xA6\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81\x84\xE3\x80\x82"},
	{"Our flight leaves at seven in the morning.",
	 "Notre vol part \xC3\xA0 sept heures du matin.",
	 "Nuestro vuelo sale a las siete de la ma\xC3\xB1" "ana.", "Unser Flug geht um sieben Uhr morgens.",
	 "\xE6\x88\x91\xE4\xBB\xAC\xE7\x9A\x84\xE8\x88\xAA\xE7\x8F\xAD\xE6\x97\xA9\xE4\xB8\x8A\xE4\xB8\x83\xE7\x82\xB9\xE8\xB5\xB7\xE9\xA3\x9E\xE3\x80\x82",
	 "\xE7\xA7\x81\xE3\x81\x9F\xE3\x81\xA1\xE3\x81\xAE\xE4\xBE\xBF\xE3\x81\xAF\xE6\x9C\x9D\xE4\xB8\x83\xE6\x99\x82\xE3\x81\xAB\xE5\x87\xBA\xE7\x99\xBA\xE3\x81\x97\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82"},
	{"This soup needs a little more salt.", "Cette soupe a besoin d'un peu plus de sel.",
	 "A esta sopa le falta un poco de sal.", "Diese Suppe braucht etwas mehr Salz.",
	 "\xE8\xBF\x99\xE6\xB1\xA4\xE9\x9C\x80\xE8\xA6\x81\xE5\x86\x8D\xE5\x8A\xA0\xE7\x82\xB9\xE7\x9B\x90\xE3\x80\x82",
	 "\xE3\x81\x93\xE3\x81\xAE\xE3\x82\xB9\xE3\x83\xBC\xE3\x83\x97\xE3\x81\xAF\xE3\x82\x82\xE3\x81\x86\xE5\xB0\x91\xE3\x81\x97\xE5\xA1\xA9\xE3\x81\x8C\xE5\xBF\x85\xE8\xA6\x81\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82"},
};

/* Casual -> formal and active -> passive pairs for "rewrite" instructions. */
struct rewrite {
	bool passive;
	const char *from, *to;
};

static const struct rewrite rewrites[] = {
	{false, "hey, can u send me the report asap?", "Could you please send me the report at your earliest convenience?"},
	{false, "we gotta fix this bug before friday.", "We need to resolve this defect before Friday."},
	{false, "the meeting was kinda pointless.", "The meeting was not particularly productive."},
	{false, "thanks a ton for the help!", "Thank you very much for your assistance."},
	{false, "sorry i'm late, traffic was crazy.", "My late arrival was due to unusually heavy traffic."},
	{false, "can't make it tomorrow, something came up.", "Regrettably, an unexpected commitment prevents me from attending tomorrow."},
	{false, "this new phone is super good.", "This new phone performs exceptionally well."},
	{false, "let me know what u think.", "Please let me know your thoughts."},
	{true, "The chef cooked a delicious meal.", "A delicious meal was cooked by the chef."},
	{true, "The committee approved the new policy.", "The new policy was approved by the committee."},
	{true, "Millions of people watched the final match.", "The final match was watched by millions of people."},
	{true, "The storm damaged several houses.", "Several houses were damaged by the storm."},
	{true, "Our team will announce the results on Monday.", "The results will be announced by our team on Monday."},
	{true, "A young engineer designed the bridge.", "The bridge was designed by a young engineer."},
};

/* Fixed rows: code with quotes, backslashes and tabs, so JSON escaping gets exercised. */
struct fixed_qa {
	const char *instr, *input, *output, *category;
};

static const struct fixed_qa code_rows[] = {
	{"How do I print a newline in C?", "",
	 "Use the escape sequence \\n inside a string literal, for example:\n\n    printf(\"Hello, world!\\n\");\n\nThe backslash tells the compiler that the next character has a special meaning.",
	 "open_qa"},
	{"Write a regular expression that matches a US ZIP code.", "",
	 "You can use ^\\d{5}(-\\d{4})?$ for this. It matches exactly five digits, optionally followed by a hyphen and four more digits, such as 12345 or 12345-6789.",
	 "open_qa"},
	{"How do I write a Windows file path in a Python string?", "",
	 "Backslashes start escape sequences in Python strings, so either double them, as in \"C:\\\\Users\\\\Ana\\\\notes.txt\", or use a raw string such as r\"C:\\Users\\Ana\\notes.txt\". Forward slashes also work on Windows in most cases.",
	 "open_qa"},
	{"Write a Python function that reverses a string.", "",
	 "Here is a simple version:\n\n    def reverse(s):\n        return s[::-1]\n\nThe slice [::-1] walks through the string backwards, so reverse(\"hello\") returns \"olleh\".",
	 "open_qa"},
	{"What does this SQL statement do?", "SELECT COUNT(*) FROM users WHERE country = 'NO';",
	 "It counts the rows in the users table whose country column equals 'NO'. COUNT(*) counts every matching row, and the result is a single number.",
	 "closed_qa"},
	{"Convert this list of fields into one tab-separated line.", "name, age, city",
	 "name\tage\tcity\n\nEach field is separated by a single tab character, which is what most spreadsheet programs expect when you paste TSV data.",
	 "information_extraction"},
	{"How are quotes and backslashes written inside a JSON string?", "",
	 "They are escaped with a backslash. A double quote is written as \\\" and a backslash as \\\\, so the text She said \"hi\" becomes \"She said \\\"hi\\\"\" inside a JSON document.",
	 "open_qa"},
	{"Write a shell command that counts the lines in every .txt file in the current directory.", "",
	 "You can run:\n\n    wc -l *.txt\n\nIt prints the line count for each file, followed by a total for all of them.",
	 "open_qa"},
};

/* Native non-English rows, so language scorers have something to find. */
static const struct fixed_qa native_rows[] = {
	{"Explique-moi comment fonctionne la photosynth\xC3\xA8se.", "",
	 "La photosynth\xC3\xA8se permet aux plantes de transformer la lumi\xC3\xA8re du soleil, l'eau et le dioxyde de carbone en sucre et en oxyg\xC3\xA8ne. Elle se d\xC3\xA9roule surtout dans les chloroplastes des feuilles.",
	 "open_qa"},
	{"Quels sont les avantages du v\xC3\xA9lo en ville ?", "",
	 "Le v\xC3\xA9lo est rapide sur les courtes distances, il ne pollue pas et il permet de faire de l'exercice au quotidien. En plus, on n'a pas besoin de chercher une place de parking.",
	 "open_qa"},
	{"\xC3\x89" "cris un court po\xC3\xA8me sur la mer.", "",
	 "La mer respire sous le ciel gris,\nses vagues racontent des secrets anciens,\net le vent du soir emporte nos cris\nvers des rivages lointains.",
	 "creative_writing"},
	{"Donne trois conseils pour bien dormir.", "",
	 "- Couchez-vous toujours \xC3\xA0 la m\xC3\xAAme heure.\n- \xC3\x89vitez les \xC3\xA9" "crans avant de dormir.\n- Gardez la chambre fra\xC3\xAE" "che et sombre.",
	 "brainstorming"},
	{"\xC2\xBF" "Cu\xC3\xA1l es la diferencia entre el clima y el tiempo?", "",
	 "El tiempo describe las condiciones de la atm\xC3\xB3sfera en un momento concreto, como la lluvia de hoy. El clima es el promedio de esas condiciones durante muchos a\xC3\xB1os en una regi\xC3\xB3n.",
	 "open_qa"},
	{"Escribe una receta sencilla de tortilla espa\xC3\xB1ola.", "",
	 "Pela y corta cuatro patatas en l\xC3\xA1minas finas y fr\xC3\xA9\x69las a fuego lento con una cebolla. Bate seis huevos con sal, mezcla con las patatas y cuaja la tortilla por ambos lados en una sart\xC3\xA9n.",
	 "creative_writing"},
	{"Dame tres consejos para aprender un idioma.", "",
	 "1. Practica un poco todos los d\xC3\xAD" "as.\n2. Escucha m\xC3\xBAsica y podcasts en ese idioma.\n3. Habla con nativos sin miedo a equivocarte.",
	 "brainstorming"},
	{"\xC2\xBFPor qu\xC3\xA9 es importante reciclar?", "",
	 "Reciclar ahorra materias primas y energ\xC3\xAD" "a, y reduce la cantidad de basura que llega a los vertederos. Tambi\xC3\xA9n ayuda a disminuir la contaminaci\xC3\xB3n del aire y del agua.",
	 "general_qa"},
	{"Erkl\xC3\xA4re kurz, wie ein Regenbogen entsteht.", "",
	 "Ein Regenbogen entsteht, wenn Sonnenlicht in Regentropfen gebrochen und reflektiert wird. Dabei wird das wei\xC3\x9F" "e Licht in seine Farben zerlegt, von Rot au\xC3\x9F" "en bis Violett innen.",
	 "open_qa"},
	{"Was sind die Vorteile von \xC3\xB6" "ffentlichen Verkehrsmitteln?", "",
	 "\xC3\x96" "ffentliche Verkehrsmittel sind oft g\xC3\xBCnstiger als ein eigenes Auto und entlasten die Stra\xC3\x9F" "en. Au\xC3\x9F" "erdem verursachen sie pro Person deutlich weniger Abgase.",
	 "general_qa"},
	{"Schreibe eine kurze Geburtstagsnachricht f\xC3\xBCr einen Kollegen.", "",
	 "Alles Gute zum Geburtstag! \xF0\x9F\x8E\x89 Ich w\xC3\xBCnsche dir ein tolles neues Lebensjahr, viel Erfolg im Job und ein sch\xC3\xB6nes Fest mit Familie und Freunden.",
	 "creative_writing"},
	{"Nenne drei ber\xC3\xBChmte deutsche Komponisten.", "",
	 "Drei ber\xC3\xBChmte deutsche Komponisten sind Johann Sebastian Bach, Ludwig van Beethoven und Johannes Brahms.",
	 "open_qa"},
	{"\xE8\xAF\xB7\xE8\xA7\xA3\xE9\x87\x8A\xE4\xB8\x80\xE4\xB8\x8B\xE4\xBB\x80\xE4\xB9\x88\xE6\x98\xAF\xE4\xBA\xBA\xE5\xB7\xA5\xE6\x99\xBA\xE8\x83\xBD\xE3\x80\x82", "",
	 "\xE4\xBA\xBA\xE5\xB7\xA5\xE6\x99\xBA\xE8\x83\xBD\xE6\x98\xAF\xE6\x8C\x87\xE8\xAE\xA9\xE8\xAE\xA1\xE7\xAE\x97\xE6\x9C\xBA\xE6\xA8\xA1\xE4\xBB\xBF\xE4\xBA\xBA\xE7\xB1\xBB\xE6\x99\xBA\xE8\x83\xBD\xE7\x9A\x84\xE6\x8A\x80\xE6\x9C\xAF\xEF\xBC\x8C\xE4\xBE\x8B\xE5\xA6\x82\xE5\xAD\xA6\xE4\xB9\xA0\xE3\x80\x81\xE6\x8E\xA8\xE7\x90\x86\xE5\x92\x8C\xE7\x90\x86\xE8\xA7\xA3\xE8\xAF\xAD\xE8\xA8\x80\xE3\x80\x82\xE5\xAE\x83\xE5\xB7\xB2\xE7\xBB\x8F\xE5\xB9\xBF\xE6\xB3\x9B\xE5\xBA\x94\xE7\x94\xA8\xE4\xBA\x8E\xE8\xAF\xAD\xE9\x9F\xB3\xE5\x8A\xA9\xE6\x89\x8B\xE3\x80\x81\xE6\x8E\xA8\xE8\x8D\x90\xE7\xB3\xBB\xE7\xBB\x9F\xE5\x92\x8C\xE8\x87\xAA\xE5\x8A\xA8\xE9\xA9\xBE\xE9\xA9\xB6\xE7\xAD\x89\xE9\xA2\x86\xE5\x9F\x9F\xE3\x80\x82",
	 "open_qa"},
	{"\xE5\x86\x99\xE4\xB8\x80\xE9\xA6\x96\xE5\x85\xB3\xE4\xBA\x8E\xE7\xA7\x8B\xE5\xA4\xA9\xE7\x9A\x84\xE7\x9F\xAD\xE8\xAF\x97\xE3\x80\x82", "",
	 "\xE7\xA7\x8B\xE9\xA3\x8E\xE5\x90\xB9\xE8\xBF\x87\xE9\x87\x91\xE8\x89\xB2\xE7\x9A\x84\xE7\x94\xB0\xE9\x87\x8E\xEF\xBC\x8C\n\xE8\x90\xBD\xE5\x8F\xB6\xE8\xBD\xBB\xE8\xBD\xBB\xE9\xA3\x98\xE5\x90\x91\xE5\xA4\xA7\xE5\x9C\xB0\xEF\xBC\x8C\n\xE6\x9C\x88\xE5\x85\x89\xE6\xB4\x92\xE5\x9C\xA8\xE5\xAE\x89\xE9\x9D\x99\xE7\x9A\x84\xE5\xB0\x8F\xE8\xB7\xAF\xE4\xB8\x8A\xEF\xBC\x8C\n\xE6\x80\x9D\xE5\xBF\xB5\xE9\x9A\x8F\xE7\x9D\x80\xE9\x9B\x81\xE7\xBE\xA4\xE8\xBF\x9C\xE5\x8E\xBB\xE3\x80\x82",
	 "creative_writing"},
	{"\xE5\xA6\x82\xE4\xBD\x95\xE4\xBF\x9D\xE6\x8C\x81\xE5\x81\xA5\xE5\xBA\xB7\xE7\x9A\x84\xE7\x94\x9F\xE6\xB4\xBB\xE6\x96\xB9\xE5\xBC\x8F\xEF\xBC\x9F", "",
	 "\xE4\xBF\x9D\xE6\x8C\x81\xE5\x81\xA5\xE5\xBA\xB7\xE7\x9A\x84\xE7\x94\x9F\xE6\xB4\xBB\xE6\x96\xB9\xE5\xBC\x8F\xE9\x9C\x80\xE8\xA6\x81\xE5\x9D\x87\xE8\xA1\xA1\xE9\xA5\xAE\xE9\xA3\x9F\xE3\x80\x81\xE8\xA7\x84\xE5\xBE\x8B\xE8\xBF\x90\xE5\x8A\xA8\xE5\x92\x8C\xE5\x85\x85\xE8\xB6\xB3\xE7\x9D\xA1\xE7\x9C\xA0\xE3\x80\x82\xE6\xAD\xA4\xE5\xA4\x96\xEF\xBC\x8C\xE5\xB0\x91\xE5\x90\x83\xE9\xAB\x98\xE7\xB3\x96\xE9\xAB\x98\xE7\x9B\x90\xE7\x9A\x84\xE9\xA3\x9F\xE7\x89\xA9\xEF\xBC\x8C\xE5\xB9\xB6\xE5\xAD\xA6\xE4\xBC\x9A\xE7\xAE\xA1\xE7\x90\x86\xE5\x8E\x8B\xE5\x8A\x9B\xEF\xBC\x8C\xE4\xB9\x9F\xE9\x9D\x9E\xE5\xB8\xB8\xE9\x87\x8D\xE8\xA6\x81\xE3\x80\x82",
	 "open_qa"},
	{"\xE9\x95\xBF\xE5\x9F\x8E\xE6\x9C\x89\xE5\xA4\x9A\xE9\x95\xBF\xEF\xBC\x9F", "",
	 "\xE9\x95\xBF\xE5\x9F\x8E\xE5\x8C\x85\xE6\x8B\xAC\xE6\x89\x80\xE6\x9C\x89\xE5\x88\x86\xE6\x94\xAF\xE5\x9C\xA8\xE5\x86\x85\xEF\xBC\x8C\xE6\x80\xBB\xE9\x95\xBF\xE5\xBA\xA6\xE8\xB6\x85\xE8\xBF\x87\xE4\xB8\xA4\xE4\xB8\x87\xE5\x85\xAC\xE9\x87\x8C\xE3\x80\x82\xE7\x8E\xB0\xE5\xAD\x98\xE7\x9A\x84\xE5\xA4\xA7\xE9\x83\xA8\xE5\x88\x86\xE5\x9F\x8E\xE5\xA2\x99\xE5\xBB\xBA\xE4\xBA\x8E\xE6\x98\x8E\xE6\x9C\x9D\xE3\x80\x82",
	 "open_qa"},
	{"\xE6\x97\xA5\xE6\x9C\xAC\xE3\x81\xAE\xE5\x9B\x9B\xE5\xAD\xA3\xE3\x81\xAB\xE3\x81\xA4\xE3\x81\x84\xE3\x81\xA6\xE7\xB0\xA1\xE5\x8D\x98\xE3\x81\xAB\xE8\xAA\xAC\xE6\x98\x8E\xE3\x81\x97\xE3\x81\xA6\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81\x84\xE3\x80\x82", "",
	 "\xE6\x97\xA5\xE6\x9C\xAC\xE3\x81\xAB\xE3\x81\xAF\xE6\x98\xA5\xE3\x80\x81\xE5\xA4\x8F\xE3\x80\x81\xE7\xA7\x8B\xE3\x80\x81\xE5\x86\xAC\xE3\x81\xAE\xE5\x9B\x9B\xE3\x81\xA4\xE3\x81\xAE\xE5\xAD\xA3\xE7\xAF\x80\xE3\x81\x8C\xE3\x81\x82\xE3\x82\x8A\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82\xE6\x98\xA5\xE3\x81\xAF\xE6\xA1\x9C\xE3\x80\x81\xE5\xA4\x8F\xE3\x81\xAF\xE7\xA5\xAD\xE3\x82\x8A\xE3\x80\x81\xE7\xA7\x8B\xE3\x81\xAF\xE7\xB4\x85\xE8\x91\x89\xE3\x80\x81\xE5\x86\xAC\xE3\x81\xAF\xE9\x9B\xAA\xE6\x99\xAF\xE8\x89\xB2\xE3\x81\x8C\xE6\xA5\xBD\xE3\x81\x97\xE3\x82\x81\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82",
	 "open_qa"},
	{"\xE3\x81\x8A\xE3\x81\x99\xE3\x81\x99\xE3\x82\x81\xE3\x81\xAE\xE5\x8B\x89\xE5\xBC\xB7\xE6\x96\xB9\xE6\xB3\x95\xE3\x82\x92\xE6\x95\x99\xE3\x81\x88\xE3\x81\xA6\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81\x84\xE3\x80\x82", "",
	 "\xE6\xAF\x8E\xE6\x97\xA5\xE5\xB0\x91\xE3\x81\x97\xE3\x81\x9A\xE3\x81\xA4\xE5\xBE\xA9\xE7\xBF\x92\xE3\x81\x99\xE3\x82\x8B\xE3\x81\x93\xE3\x81\xA8\xE3\x81\x8C\xE5\xA4\xA7\xE5\x88\x87\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82\xE3\x81\xBE\xE3\x81\x9F\xE3\x80\x81\xE8\xA6\x9A\xE3\x81\x88\xE3\x81\x9F\xE5\x86\x85\xE5\xAE\xB9\xE3\x82\x92\xE4\xBA\xBA\xE3\x81\xAB\xE8\xAA\xAC\xE6\x98\x8E\xE3\x81\x99\xE3\x82\x8B\xE3\x81\xA8\xE3\x80\x81\xE7\x90\x86\xE8\xA7\xA3\xE3\x81\x8C\xE3\x82\x88\xE3\x82\x8A\xE6\xB7\xB1\xE3\x81\xBE\xE3\x82\x8A\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82",
	 "open_qa"},
	{"\xE5\xAF\x8C\xE5\xA3\xAB\xE5\xB1\xB1\xE3\x81\xAB\xE3\x81\xA4\xE3\x81\x84\xE3\x81\xA6\xE6\x95\x99\xE3\x81\x88\xE3\x81\xA6\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81\x84\xE3\x80\x82", "",
	 "\xE5\xAF\x8C\xE5\xA3\xAB\xE5\xB1\xB1\xE3\x81\xAF\xE6\x97\xA5\xE6\x9C\xAC\xE3\x81\xA7\xE6\x9C\x80\xE3\x82\x82\xE9\xAB\x98\xE3\x81\x84\xE5\xB1\xB1\xE3\x81\xA7\xE3\x80\x81\xE6\xA8\x99\xE9\xAB\x98\xE3\x81\xAF" "3776\xE3\x83\xA1\xE3\x83\xBC\xE3\x83\x88\xE3\x83\xAB\xE3\x81\xA7\xE3\x81\x99\xE3\x80\x82\x32\x30\x31\x33\xE5\xB9\xB4\xE3\x81\xAB\xE4\xB8\x96\xE7\x95\x8C\xE6\x96\x87\xE5\x8C\x96\xE9\x81\xBA\xE7\x94\xA3\xE3\x81\xAB\xE7\x99\xBB\xE9\x8C\xB2\xE3\x81\x95\xE3\x82\x8C\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F\xE3\x80\x82",
	 "open_qa"},
	{"\xE7\x8C\xAB\xE3\x81\xAB\xE3\x81\xA4\xE3\x81\x84\xE3\x81\xA6\xE3\x81\xAE\xE4\xBF\xB3\xE5\x8F\xA5\xE3\x82\x92\xE6\x9B\xB8\xE3\x81\x84\xE3\x81\xA6\xE3\x81\x8F\xE3\x81\xA0\xE3\x81\x95\xE3\x81\x84\xE3\x80\x82", "",
	 "\xE6\x97\xA5\xE3\x81\xA0\xE3\x81\xBE\xE3\x82\x8A\xE3\x81\xAB\n\xE4\xB8\xB8\xE3\x81\x8F\xE3\x81\xAA\xE3\x82\x8B\xE7\x8C\xAB\xE3\x81\xAE\n\xE6\x98\xA5\xE3\x81\xAE\xE5\x8D\x88\xE5\xBE\x8C\xE3\x80\x82",
	 "creative_writing"},
};

/* ==== defect material ============================================================= */

static const char *const refusals[] = {
	"As an AI language model, I cannot provide information about {n}.",
	"I'm sorry, but I cannot help with that.",
	"I'm sorry, but as an AI, I am not able to complete this request.",
	"I apologize, but I am unable to assist with this request.",
	"As an AI language model, I do not have personal opinions, so I cannot write about {n}.",
	"Unfortunately, I cannot fulfill this request as it goes against my guidelines.",
	"I'm sorry, I can't do that. Is there anything else I can help you with?",
	"As an AI developed by OpenAI, I am not able to answer questions about {n}.",
	"I cannot answer this question because I am an AI and do not have access to that information.",
	"Sorry, as an AI language model I can't assist with that request.",
	"I'm sorry, but I won't be able to help with {n}. Please consult a qualified expert instead.",
	"As an AI, I'm not able to generate that content.",
};

static const char *const placeholders[] = {
	"N/A", "<nooutput>", "TODO", "TBD", "<noinput>", "n/a", "None", "...",
};

static const char *const blanks[] = {"", "", "", " ", "\n", "   "};

/* Added to a copied answer to make a near duplicate: short, so 5-shingle Jaccard stays high. */
static const char *const near_tails[] = {
	" I hope this helps!",
	" Let me know if you want more detail.",
	" Hope that answers your question.",
	" Feel free to ask if anything is unclear.",
	" That is the gist of it.",
	" Happy learning!",
};

/*
 * One-way synonym swaps that keep the sentence grammatical in the usual contexts (same
 * a/an, same part of speech). Used for near duplicates and for --scale variation.
 */
static const char *const synonyms[][2] = {
	{"big", "large"}, {"large", "big"}, {"quickly", "rapidly"}, {"rapidly", "quickly"},
	{"often", "frequently"}, {"frequently", "often"}, {"usually", "typically"},
	{"typically", "usually"}, {"simple", "straightforward"}, {"difficult", "challenging"},
	{"begin", "start"}, {"began", "started"}, {"buy", "purchase"}, {"example", "instance"},
	{"examples", "instances"}, {"choose", "select"}, {"create", "produce"},
	{"improve", "enhance"}, {"improves", "enhances"}, {"smart", "clever"},
	{"probably", "likely"}, {"beautiful", "lovely"}, {"main", "primary"},
	{"various", "different"}, {"significant", "considerable"}, {"reduce", "lower"},
	{"provide", "offer"}, {"provides", "offers"}, {"additional", "extra"},
	{"crucial", "vital"}, {"vital", "crucial"}, {"story", "tale"}, {"quiet", "calm"},
	{"rapid", "swift"}, {"allows", "enables"}, {"allow", "enable"},
	{"therefore", "thus"}, {"completely", "entirely"}, {"entirely", "completely"},
	{"especially", "particularly"}, {"particularly", "especially"},
	{"approximately", "roughly"}, {"currently", "presently"}, {"discover", "find"},
	{"children", "kids"}, {"people", "individuals"}, {"help", "aid"}, {"helps", "aids"},
	{"important", "essential"}, {"essential", "important"}, {"huge", "massive"},
	{"shows", "demonstrates"}, {"maybe", "perhaps"}, {"perhaps", "maybe"},
};

/* ==== instruction and answer templates ============================================= */

/*
 * {x} inserts variable x, {X} the same with its first letter capitalized. Topic
 * templates use n (name), v (is/are/was), s ("s" when singular), d (domain), m (a second
 * topic), j (emoji), a b c e (poem words); others say what they set.
 */
struct tpl {
	const char *text;
	unsigned kinds;		/* TK_* bits it fits, 0 for every topic */
};

static const struct tpl explain_tpls[] = {
	{"Tell me about {n}.", 0},
	{"Give a brief overview of {n}.", 0},
	{"Describe {n} in simple terms.", 0},
	{"Can you explain {n} to a beginner?", 0},
	{"Write a short paragraph explaining {n}.", 0},
	{"What {v} {n}?", 0},
	{"I'm curious about {n}. Can you give me the basics?", 0},
	{"Explain how {n} work{s}.", TK_PROCESS},
	{"Summarize what historians know about {n}.", TK_HISTORY},
};

static const struct tpl facts_tpls[] = {
	{"Give me three facts about {n}.", 0},
	{"List three interesting facts about {n}.", 0},
	{"What are three things everyone should know about {n}?", 0},
	{"Share three key facts about {n}.", 0},
	{"Tell me three things I might not know about {n}.", 0},
};

static const struct tpl facts_intros[] = {
	{"Here are three facts about {n}:", 0},
	{"Sure! Three things worth knowing about {n}:", 0},
	{"Three key points about {n}:", 0},
	{"Here are three interesting facts:", 0},
};

static const struct tpl why_tpls[] = {
	{"Why {v} {n} important?", 0},
	{"Why should we care about {n}?", 0},
	{"What makes {n} so significant?", 0},
	{"Explain why {n} matter{s}.", TK_PROCESS | TK_THING},
	{"Why do historians consider {n} a turning point?", TK_HISTORY},
};

static const struct tpl poem_tpls[] = {
	{"Write a short poem about {n}.", 0},
	{"Compose a four-line poem about {n}.", 0},
	{"Write a few lines of verse about {n}.", 0},
	{"Write a poem that captures the spirit of {n}.", 0},
};

static const struct tpl haiku_tpls[] = {
	{"Write a haiku about {n}.", 0},
	{"Compose a haiku inspired by {n}.", 0},
};

/* Poem lines keep a variable in every five-word window, so poems share few shingles. */
static const char *const poem_lines[4][4] = {
	{"{A} and {b} beneath a patient sky,", "Here the {a} keeps its quiet watch,",
	 "I think of {n} when mornings start,", "Where {a} meets {b}, the day begins,"},
	{"the {b} remembers every {c},", "and {c} hums a steady tune,",
	 "while {c} and {e} drift slowly by,", "{b} whispers what the {c} once knew,"},
	{"through {e} and {a} the seasons turn,", "we hold the {e} close, like light,",
	 "and every {c} becomes a song,", "so small a {a}, so vast a {e},"},
	{"and {n} will go on, and so will we.", "the world feels wider than before.",
	 "a quiet gift to all who look.", "and {n} will stay with me all day long."},
};

static const char *const haiku_lines[3][3] = {
	{"{A} at first light", "Soft {a}, soft {b}", "Morning {a} wakes"},
	{"{b} and {c} drift slowly", "the {c} holds its breath", "quiet {e} near the {b}"},
	{"{n}, always here.", "and then, stillness.", "a small world turns."},
};

static const struct tpl summ_tpls[] = {
	{"Summarize the following text.", 0},
	{"Write a brief summary of this passage.", 0},
	{"Summarize this paragraph in two sentences.", 0},
	{"What is the main idea of this passage?", 0},
	{"Give me a short summary of the text below.", 0},
};

static const char *const summ_intros[] = {
	"The passage explains that ", "In short, ", "The main point is that ",
};

static const struct tpl closed_tpls[] = {
	{"Based on the passage, what {v} {n}?", 0},
	{"Using only the information in the text, describe {n} in one or two sentences.", 0},
	{"According to this text, what {v} {n}?", 0},
};

static const struct tpl extract_tpls[] = {
	{"List the key facts from this passage as bullet points.", 0},
	{"Extract the main points of the text below as a list.", 0},
	{"From the passage, pull out the important facts about {n}.", 0},
};

static const struct tpl tweet_tpls[] = {
	{"Write a tweet about {n}.", 0},
	{"Write a short social media post about {n} with emojis.", 0},
	{"Create an upbeat tweet about {n}.", 0},
	{"Draft an Instagram caption about {n}.", 0},
};

static const struct tpl tweet_opens[] = {
	{"{j} Did you know? ", 0}, {"Fun fact {j} ", 0}, {"{j}{j} Today I learned: ", 0},
};

static const struct tpl tweet_ends[] = {
	{"Share this with someone who loves {d}!", 0},
	{"What surprised you most about {n}?", 0},
	{"\xE2\x9C\xA8 Stay curious, friends!", 0},
};

static const struct tpl compare_tpls[] = {
	{"Compare {n} and {m}.", 0},
	{"What is the difference between {n} and {m}?", 0},
	{"How {v} {n} different from {m}?", 0},
	{"Explain how {n} and {m} differ.", 0},
};

static const struct tpl compare_opens[] = {
	{"{N} and {m} both belong to {d}, but they are quite different.", 0},
	{"Although {n} and {m} are both part of {d}, they differ in important ways.", 0},
	{"Here is a quick comparison.", 0},
};

/* Goal templates: g is the goal. */
static const struct tpl ways_tpls[] = {
	{"List three ways to {g}.", 0},
	{"What are some tips to {g}?", 0},
	{"How can I {g}?", 0},
	{"Give me three practical tips to {g}.", 0},
	{"Suggest a few ways to {g}.", 0},
	{"I want to {g}. Where do I start?", 0},
};

static const struct tpl ways_intros[] = {
	{"Here are a few ideas:", 0}, {"Try these:", 0}, {"Here are three ways to {g}:", 0},
	{"A few simple habits help:", 0}, {"", 0},
};

static const char *const ways_closings[] = {
	"Start with one change and build from there.",
	"Even small steps make a difference.",
	"Consistency matters more than perfection.",
};

/* x country, y capital, w where, l language sentence. */
static const struct tpl capital_tpls[] = {
	{"What is the capital of {x}?", 0},
	{"Name the capital city of {x}.", 0},
	{"Which city is the capital of {x}?", 0},
};

/* l is the target language. */
static const struct tpl translate_tpls[] = {
	{"Translate the following sentence into {l}.", 0},
	{"How do you say this in {l}?", 0},
	{"Translate this into {l}.", 0},
};

static const struct tpl formal_tpls[] = {
	{"Rewrite the following sentence to make it more formal.", 0},
	{"Make this sentence sound more professional.", 0},
	{"Rewrite this message in a polite, formal tone.", 0},
};

static const struct tpl passive_tpls[] = {
	{"Rewrite the sentence in the passive voice.", 0},
	{"Change this sentence from active to passive voice.", 0},
	{"Convert the following sentence to the passive voice.", 0},
};

static const char *const system_prompts[] = {
	"You are a helpful assistant.",
	"You are a friendly tutor who explains things clearly and briefly.",
	"You are a knowledgeable assistant. Answer accurately and concisely.",
	"You are a patient teacher helping a curious student.",
	"You are an expert science communicator.",
	"Always answer in a warm, encouraging tone.",
	"You are a concise assistant. Keep answers short and to the point.",
	"Answer the user's questions as clearly as possible.",
	"You are a practical assistant who gives step-by-step advice.",
	"You help people learn new things. Use plain language.",
};

/* Follow-up turns in chat rows. */
static const char *const fu_more[] = {
	"Tell me more.", "Interesting! What else should I know?", "Can you give me another fact?",
	"Go on, what else?",
};
static const char *const fu_more_lead[] = {"Sure. ", "", "Another interesting point: "};
static const char *const fu_why[] = {
	"Why does that matter?", "Why is that important?", "Why should I care about that?",
};
static const char *const fu_poem[] = {
	"Can you write a short poem about it?", "Now turn that into a short poem.",
	"Nice. Could you write a few lines of verse about it?",
};
static const struct tpl fu_compare[] = {
	{"How does that compare to {m}?", 0}, {"Is that similar to {m}?", 0},
};
static const char *const fu_thanks[] = {
	"Thanks, that's helpful!", "Great, thank you.", "Perfect, thanks!",
};
static const struct tpl fu_thanks_topic[] = {
	{"You're welcome! Let me know if you have more questions about {n}.", 0},
	{"Glad I could help. Enjoy learning more about {n}!", 0},
	{"Happy to help! Feel free to ask anything else about {n}.", 0},
	{"Anytime! There is always more to discover about {n}.", 0},
};
static const struct tpl fu_thanks_goal[] = {
	{"You're welcome! Good luck as you try to {g}.", 0},
	{"Glad to help. I hope these tips make it easier to {g}.", 0},
};
static const char *const fu_tip[] = {
	"Any other tips?", "Can you give me one more?", "What else could help?",
};
static const char *const fu_tip_lead[] = {"Sure. ", "One more: ", "Another good one: "};
static const char *const fu_next[] = {"Thanks. Another question: ", "Got it. Next question: ", ""};

/* Instruction openings that read naturally after "Please " in a near duplicate. */
static const char *const imperatives[] = {
	"Tell", "Give", "Describe", "Explain", "List", "Write", "Compose", "Share", "Summarize",
	"Translate", "Rewrite", "Name", "Suggest", "Create", "Draft", "Compare", "Classify",
	"Convert", "Sort", "Find", "Extract", "Make", "Change",
};

/* ==== utilities ===================================================================== */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_samples: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

static void
replace_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrdup(s);
}

/* splitmix64: tiny, seedable, and the same sequence on every platform. */
struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The modulo bias is below 2^-50 for the small n used here. */
static size_t
rng_below(struct rng *r, size_t n)
{
	return (size_t)(rng_next(r) % n);
}

static bool
rng_chance(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

#define PICK(r, a) ((a)[rng_below((r), N_ELEMS(a))])

static size_t
rng_weighted(struct rng *r, const unsigned char *w, size_t n)
{
	size_t total = 0, k;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	k = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (k < w[i])
			return i;
		k -= w[i];
	}
	return n - 1;
}

/* Growable string; p is always NUL-terminated once anything was added. */
struct sbuf {
	char *p;
	size_t n, cap;
};

static void
sbuf_reserve(struct sbuf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : 256;

	if (b->n + extra + 1 <= b->cap)
		return;
	while (cap < b->n + extra + 1)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

static void
sbuf_putn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_reserve(b, n);
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_putn(b, s, strlen(s));
}

static void
sbuf_putc(struct sbuf *b, char c)
{
	sbuf_putn(b, &c, 1);
}

static void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf failed");
	sbuf_reserve(b, (size_t)n);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->n += (size_t)n;
}

/* Hands the string to the caller and leaves b empty. */
static char *
sbuf_take(struct sbuf *b)
{
	char *s = b->p ? b->p : xstrdup("");

	*b = (struct sbuf){0};
	return s;
}

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Words for shingling and synonym swaps: ASCII alphanumerics plus any non-ASCII byte. */
static bool
is_word_byte(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c >= 0x80;
}

static size_t
count_words(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_word_byte(*p) && (p == (const unsigned char *)s || !is_word_byte(p[-1])))
			n++;
	return n;
}

/* ==== JSON and CSV output =========================================================== */

/* Emits one non-ASCII UTF-8 sequence as \uXXXX (a surrogate pair above the BMP). */
static size_t
json_esc_utf8(struct sbuf *b, const unsigned char *p)
{
	uint32_t cp;
	size_t n;

	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		cp = p[0] & 0x07u;
		n = 4;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		cp = p[0] & 0x0fu;
		n = 3;
	} else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		cp = p[0] & 0x1fu;
		n = 2;
	} else {
		sbuf_putc(b, (char)p[0]);
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			sbuf_putc(b, (char)p[0]);
			return 1;
		}
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if (cp >= 0x10000) {
		cp -= 0x10000;
		sbuf_printf(b, "\\u%04x\\u%04x", (unsigned)(0xd800 + (cp >> 10)),
			    (unsigned)(0xdc00 + (cp & 0x3ff)));
	} else {
		sbuf_printf(b, "\\u%04x", (unsigned)cp);
	}
	return n;
}

static size_t
json_esc1(struct sbuf *b, const unsigned char *p)
{
	switch (*p) {
	case '"': sbuf_puts(b, "\\\""); return 1;
	case '\\': sbuf_puts(b, "\\\\"); return 1;
	case '\n': sbuf_puts(b, "\\n"); return 1;
	case '\r': sbuf_puts(b, "\\r"); return 1;
	case '\t': sbuf_puts(b, "\\t"); return 1;
	case '\b': sbuf_puts(b, "\\b"); return 1;
	case '\f': sbuf_puts(b, "\\f"); return 1;
	}
	if (*p < 0x20) {
		sbuf_printf(b, "\\u%04x", *p);
		return 1;
	}
	return json_esc_utf8(b, p);
}

/*
 * Writes s as a JSON string. Bytes >= 0x80 pass through unchanged (so bad_utf8.jsonl
 * keeps its invalid bytes) unless ascii is set, which escapes them the way Python's
 * json.dump does by default, as real ShareGPT dumps are written.
 */
static void
json_str(struct sbuf *b, const char *s, bool ascii)
{
	const unsigned char *p = (const unsigned char *)s;

	sbuf_putc(b, '"');
	while (*p) {
		const unsigned char *run = p;

		while (*p >= 0x20 && *p != '"' && *p != '\\' && !(ascii && *p >= 0x80))
			p++;
		sbuf_putn(b, (const char *)run, (size_t)(p - run));
		if (*p)
			p += json_esc1(b, p);
	}
	sbuf_putc(b, '"');
}

/* RFC 4180 field: always quoted, embedded quotes doubled, newlines kept. */
static void
csv_str(struct sbuf *b, const char *s)
{
	const char *q;

	sbuf_putc(b, '"');
	while ((q = strchr(s, '"'))) {
		sbuf_putn(b, s, (size_t)(q - s) + 1);
		sbuf_putc(b, '"');
		s = q + 1;
	}
	sbuf_puts(b, s);
	sbuf_putc(b, '"');
}

/* ==== near-duplicate measure ======================================================== */

/* Sorted, distinct hashes of word 5-shingles (lowercased), as a MinHash scorer sees text. */
struct shingles {
	uint64_t *h;
	size_t n;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static size_t
tokenize(const char *text, uint64_t **out)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0, cap = 64;
	uint64_t *tok = xrealloc(NULL, cap * sizeof *tok);

	for (;;) {
		uint64_t h = 1469598103934665603ULL;

		while (*p && !is_word_byte(*p))
			p++;
		if (!*p)
			break;
		for (; is_word_byte(*p); p++)
			h = (h ^ (uint64_t)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)) * 1099511628211ULL;
		if (n == cap)
			tok = xrealloc(tok, (cap *= 2) * sizeof *tok);
		tok[n++] = h;
	}
	*out = tok;
	return n;
}

static void
shingles_build(struct shingles *sh, const char *text)
{
	uint64_t *tok;
	size_t n_tok = tokenize(text, &tok);
	size_t k = n_tok >= 5 ? n_tok - 4 : (n_tok ? 1 : 0), w = 0;

	sh->h = xrealloc(NULL, (k ? k : 1) * sizeof *sh->h);
	for (size_t i = 0; i < k; i++) {
		uint64_t h = 0;

		for (size_t j = i; j < i + 5 && j < n_tok; j++)
			h = mix64(h + tok[j]);
		sh->h[i] = h;
	}
	qsort(sh->h, k, sizeof *sh->h, cmp_u64);
	for (size_t i = 0; i < k; i++)
		if (!w || sh->h[w - 1] != sh->h[i])
			sh->h[w++] = sh->h[i];
	sh->n = w;
	free(tok);
}

static double
shingles_jaccard(const struct shingles *a, const struct shingles *b)
{
	size_t i = 0, j = 0, both = 0;

	if (!a->n || !b->n)
		return 0.0;
	while (i < a->n && j < b->n) {
		if (a->h[i] == b->h[j]) {
			both++;
			i++;
			j++;
		} else if (a->h[i] < b->h[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (double)both / (double)(a->n + b->n - both);
}

static double
text_jaccard(const char *x, const char *y)
{
	struct shingles a, b;
	double j;

	shingles_build(&a, x);
	shingles_build(&b, y);
	j = shingles_jaccard(&a, &b);
	free(a.h);
	free(b.h);
	return j;
}

/* ==== templates ===================================================================== */

static void
tpl_fill(struct sbuf *b, const char *tpl, const char *const *v)
{
	for (const char *p = tpl; *p; p++) {
		if (p[0] == '{' && is_alpha(p[1]) && p[2] == '}') {
			bool up = p[1] >= 'A' && p[1] <= 'Z';
			const char *val = v[(up ? p[1] + 32 : p[1]) - 'a'];
			size_t at = b->n;

			if (!val)
				die("template variable {%c} unset in \"%s\"", p[1], tpl);
			sbuf_puts(b, val);
			if (up && b->n > at && b->p[at] >= 'a' && b->p[at] <= 'z')
				b->p[at] -= 32;
			p += 2;
			continue;
		}
		sbuf_putc(b, *p);
	}
}

static const char *
tpl_choose(struct rng *r, const struct tpl *t, size_t n, unsigned kind)
{
	size_t fit = 0, k;

	for (size_t i = 0; i < n; i++)
		fit += !t[i].kinds || (t[i].kinds & kind);
	k = rng_below(r, fit);
	for (size_t i = 0; i < n; i++)
		if ((!t[i].kinds || (t[i].kinds & kind)) && k-- == 0)
			return t[i].text;
	return t[0].text;
}

#define TPL_PUT(g, b, arr, kind, v) \
	tpl_fill((b), tpl_choose(&(g)->rng, (arr), N_ELEMS(arr), (kind)), (v))

static char *
tpl_str(const char *tpl, const char *const *v)
{
	struct sbuf b = {0};

	tpl_fill(&b, tpl, v);
	return sbuf_take(&b);
}

/* ==== generating one exchange ======================================================= */

enum task {
	T_EXPLAIN, T_FACTS, T_POEM, T_WHY, T_SUMMARIZE, T_CLOSED_QA, T_EXTRACT, T_TWEET,
	T_COMPARE, T_WAYS, T_CAPITAL, T_MATH, T_CLASSIFY, T_TRANSLATE, T_REWRITE, T_CODE,
	T_NATIVE, T__N,
};

enum style { STYLE_PLAIN, STYLE_DOLLY, STYLE_CHAT };

/* Dolly leans on context tasks like the real file; chat rarely pastes a passage. */
static const unsigned char task_weights[3][T__N] = {
	[STYLE_PLAIN] = {14, 8, 7, 7, 6, 3, 2, 4, 5, 10, 6, 9, 4, 5, 4, 2, 4},
	[STYLE_DOLLY] = {10, 6, 6, 7, 8, 8, 6, 3, 4, 9, 5, 5, 4, 3, 3, 1, 3},
	[STYLE_CHAT] = {14, 8, 7, 7, 2, 1, 1, 4, 5, 10, 6, 9, 4, 5, 4, 2, 4},
};

/*
 * What an answer is about. Misaligned pairs must differ in it, so a swapped response
 * is visibly foreign. Topic rows use the topic index, the rest one of these bases.
 */
enum {
	SUBJ_GOAL = 100, SUBJ_COUNTRY = 200, SUBJ_PHRASE = 300, SUBJ_REWRITE = 400,
	SUBJ_CODE = 500, SUBJ_NATIVE = 600, SUBJ_TASK = 700,
};

struct qa {
	char *instr, *input, *output;	/* owned */
	const char *category;		/* Dolly's category */
	int subject;
};

/* What the current conversation has already said, so follow-ups add something new. */
struct tstate {
	int topic;		/* topics[] index or -1 */
	int goal;		/* goals[] index or -1 */
	unsigned used;		/* facts[] or tips[] already said */
	bool why, poem, compared;
};

struct gen {
	struct rng rng;
	struct tstate ts;
	bool used_code[N_ELEMS(code_rows)];
	bool used_native[N_ELEMS(native_rows)];
	bool used_refusal[N_ELEMS(refusals)];
	bool used_placeholder[N_ELEMS(placeholders)];
};

/* Index of a random entry not yet marked in *used (then marked), or -1. */
static int
take_unused(struct rng *r, unsigned *used, unsigned n)
{
	unsigned n_free = 0, k;

	for (unsigned i = 0; i < n; i++)
		n_free += !(*used >> i & 1);
	if (!n_free)
		return -1;
	k = (unsigned)rng_below(r, n_free);
	for (unsigned i = 0; i < n; i++) {
		if (!(*used >> i & 1) && k-- == 0) {
			*used |= 1u << i;
			return (int)i;
		}
	}
	return -1;
}

/* Same for a per-file pool of bools; pools start over once exhausted. */
static size_t
take_pool(struct rng *r, bool *used, size_t n)
{
	size_t n_free = 0, k;

	for (size_t i = 0; i < n; i++)
		n_free += !used[i];
	if (!n_free) {
		memset(used, 0, n * sizeof *used);
		n_free = n;
	}
	k = rng_below(r, n_free);
	for (size_t i = 0; i < n; i++) {
		if (!used[i] && k-- == 0) {
			used[i] = true;
			return i;
		}
	}
	return 0;
}

static const char *
take_fact(struct gen *g)
{
	int i = take_unused(&g->rng, &g->ts.used, 4);

	return i < 0 ? NULL : topics[g->ts.topic].facts[i];
}

static const struct topic *
use_topic(struct gen *g, struct qa *q)
{
	int i = (int)rng_below(&g->rng, N_ELEMS(topics));

	g->ts = (struct tstate){.topic = i, .goal = -1};
	q->subject = i;
	return &topics[i];
}

static void
topic_vars(const struct topic *t, const char **v)
{
	bool plural = !strcmp(t->be, "are");

	for (int i = 0; i < 26; i++)
		v[i] = NULL;
	VAR(v, 'n') = t->name;
	VAR(v, 'v') = t->be;
	VAR(v, 's') = plural ? "" : "s";
	VAR(v, 'd') = domains[t->domain].name;
	VAR(v, 'j') = t->emoji;
	VAR(v, 'a') = t->words[0];
	VAR(v, 'b') = t->words[1];
	VAR(v, 'c') = t->words[2];
	VAR(v, 'e') = t->words[3];
}

/* The definition continuing a sentence: "In short, photosynthesis is ..." (not "dNA"). */
static void
put_def_lower(struct sbuf *b, const struct topic *t)
{
	size_t at = b->n;

	sbuf_puts(b, t->def);
	if (t->name[0] >= 'a' && t->name[0] <= 'z' && b->p[at] >= 'A' && b->p[at] <= 'Z')
		b->p[at] += 32;
}

static void
put_bullets(struct gen *g, struct sbuf *b, const char *const *items, size_t n)
{
	static const char *const marks[] = {"- ", "* ", "\xE2\x80\xA2 "};
	bool numbered = rng_chance(&g->rng, 35);
	const char *mark = PICK(&g->rng, marks);

	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_putc(b, '\n');
		if (numbered)
			sbuf_printf(b, "%zu. ", i + 1);
		else
			sbuf_puts(b, mark);
		sbuf_puts(b, items[i]);
	}
}

static void
put_facts(struct gen *g, struct sbuf *b, size_t n)
{
	const char *f;

	for (size_t i = 0; i < n && (f = take_fact(g)); i++) {
		if (b->n && b->p[b->n - 1] != ' ' && b->p[b->n - 1] != '\n')
			sbuf_putc(b, ' ');
		sbuf_puts(b, f);
	}
}

static bool
task_explain(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	struct sbuf b = {0};
	const char *v[26];

	topic_vars(t, v);
	TPL_PUT(g, &b, explain_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	sbuf_puts(&b, t->def);
	put_facts(g, &b, 1 + rng_below(&g->rng, 3));
	q->output = sbuf_take(&b);
	q->category = "open_qa";
	return true;
}

static bool
task_facts(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	struct sbuf b = {0};
	const char *v[26], *items[3];

	topic_vars(t, v);
	TPL_PUT(g, &b, facts_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	TPL_PUT(g, &b, facts_intros, t->kind, v);
	sbuf_putc(&b, '\n');
	for (size_t i = 0; i < 3; i++)
		items[i] = take_fact(g);
	put_bullets(g, &b, items, 3);
	q->output = sbuf_take(&b);
	q->category = "open_qa";
	return true;
}

static void
put_poem(struct gen *g, struct sbuf *b, const char *const *v, bool haiku)
{
	size_t n = haiku ? 3 : 4;

	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_putc(b, '\n');
		tpl_fill(b, haiku ? PICK(&g->rng, haiku_lines[i]) : PICK(&g->rng, poem_lines[i]), v);
	}
	g->ts.poem = true;
}

static bool
task_poem(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	bool haiku = rng_chance(&g->rng, 25);
	struct sbuf b = {0};
	const char *v[26];

	topic_vars(t, v);
	if (haiku)
		TPL_PUT(g, &b, haiku_tpls, t->kind, v);
	else
		TPL_PUT(g, &b, poem_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	put_poem(g, &b, v, haiku);
	q->output = sbuf_take(&b);
	q->category = "creative_writing";
	return true;
}

static bool
task_why(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	struct sbuf b = {0};
	const char *v[26];

	topic_vars(t, v);
	TPL_PUT(g, &b, why_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	sbuf_puts(&b, t->why);
	put_facts(g, &b, 1 + rng_below(&g->rng, 2));
	g->ts.why = true;
	q->output = sbuf_take(&b);
	q->category = "general_qa";
	return true;
}

/* A passage for context tasks: the definition and n facts; the facts used go to out. */
static char *
make_passage(struct gen *g, const struct topic *t, size_t n, const char **out, bool why)
{
	struct sbuf b = {0};

	sbuf_puts(&b, t->def);
	for (size_t i = 0; i < n; i++) {
		out[i] = take_fact(g);
		sbuf_putc(&b, ' ');
		sbuf_puts(&b, out[i]);
	}
	if (why) {
		sbuf_putc(&b, ' ');
		sbuf_puts(&b, t->why);
	}
	return sbuf_take(&b);
}

static bool
task_summarize(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	struct sbuf b = {0};
	const char *v[26], *used[3];

	topic_vars(t, v);
	TPL_PUT(g, &b, summ_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	q->input = make_passage(g, t, 2 + rng_below(&g->rng, 2), used, true);
	sbuf_puts(&b, PICK(&g->rng, summ_intros));
	put_def_lower(&b, t);
	sbuf_putc(&b, ' ');
	sbuf_puts(&b, t->why);
	g->ts.why = true;
	q->output = sbuf_take(&b);
	q->category = "summarization";
	return true;
}

static bool
task_closed_qa(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	size_t n = 2 + rng_below(&g->rng, 2);
	struct sbuf b = {0};
	const char *v[26], *used[3];

	topic_vars(t, v);
	TPL_PUT(g, &b, closed_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	q->input = make_passage(g, t, n, used, false);
	sbuf_puts(&b, "According to the passage, ");
	put_def_lower(&b, t);
	if (rng_chance(&g->rng, 50)) {
		sbuf_putc(&b, ' ');
		sbuf_puts(&b, used[rng_below(&g->rng, n)]);
	}
	q->output = sbuf_take(&b);
	q->category = "closed_qa";
	return true;
}

static bool
task_extract(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	struct sbuf b = {0};
	const char *v[26], *used[3];

	topic_vars(t, v);
	TPL_PUT(g, &b, extract_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	q->input = make_passage(g, t, 3, used, false);
	if (rng_chance(&g->rng, 50))
		sbuf_puts(&b, "The key points are:\n");
	put_bullets(g, &b, used, 3);
	q->output = sbuf_take(&b);
	q->category = "information_extraction";
	return true;
}

/* "#WaterCycle" from "the water cycle". */
static void
put_hashtag(struct sbuf *b, const char *name)
{
	bool start = true;

	if (!strncmp(name, "the ", 4) || !strncmp(name, "a ", 2))
		name = strchr(name, ' ') + 1;
	sbuf_putc(b, '#');
	for (; *name; name++) {
		if (!is_word_byte((unsigned char)*name)) {
			start = true;
			continue;
		}
		sbuf_putc(b, start && *name >= 'a' && *name <= 'z' ? (char)(*name - 32) : *name);
		start = false;
	}
}

/*
 * A tweet has no question before it, so its fact must name the topic itself: it has to
 * contain the start of the topic's last word ("vacci" for vaccination). Else the
 * definition is used.
 */
static const char *
standalone_fact(struct gen *g, const struct topic *t)
{
	const char *last = strrchr(t->name, ' ');
	char stem[6];

	snprintf(stem, sizeof stem, "%s", last ? last + 1 : t->name);
	for (int tries = 0; tries < 4; tries++) {
		int i = (int)rng_below(&g->rng, 4);
		const char *f = t->facts[i];
		bool ok = false;

		for (const char *p = f; !ok && *p; p++)
			ok = !strncasecmp(p, stem, strlen(stem));
		if (ok && !(g->ts.used >> i & 1)) {
			g->ts.used |= 1u << i;
			return f;
		}
	}
	return t->def;
}

static bool
task_tweet(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q);
	struct sbuf b = {0};
	const char *v[26];

	topic_vars(t, v);
	TPL_PUT(g, &b, tweet_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	TPL_PUT(g, &b, tweet_opens, t->kind, v);
	sbuf_puts(&b, standalone_fact(g, t));
	sbuf_puts(&b, "\n\n");
	put_hashtag(&b, t->name);
	sbuf_printf(&b, " #%s\n\n", domains[t->domain].tag);
	TPL_PUT(g, &b, tweet_ends, t->kind, v);
	q->output = sbuf_take(&b);
	q->category = "creative_writing";
	return true;
}

/* Another topic from the same domain, for comparisons. */
static const struct topic *
sibling_topic(struct gen *g, const struct topic *t)
{
	for (int tries = 0; tries < 200; tries++) {
		const struct topic *m = &PICK(&g->rng, topics);

		if (m != t && (m->domain == t->domain || tries > 150))
			return m;
	}
	return t == &topics[0] ? &topics[1] : &topics[0];
}

static bool
task_compare(struct gen *g, struct qa *q)
{
	const struct topic *t = use_topic(g, q), *m = sibling_topic(g, t);
	struct sbuf b = {0};
	const char *v[26];

	topic_vars(t, v);
	VAR(v, 'm') = m->name;
	TPL_PUT(g, &b, compare_tpls, t->kind, v);
	q->instr = sbuf_take(&b);
	TPL_PUT(g, &b, compare_opens, t->kind, v);
	sbuf_printf(&b, " %s", t->def);
	put_facts(g, &b, 1);
	sbuf_printf(&b, " %s %s", m->def, PICK(&g->rng, m->facts));
	q->output = sbuf_take(&b);
	q->category = "general_qa";
	return true;
}

static bool
task_ways(struct gen *g, struct qa *q)
{
	int i = (int)rng_below(&g->rng, N_ELEMS(goals));
	const char *v[26] = {0}, *items[3];
	struct sbuf b = {0};

	g->ts = (struct tstate){.topic = -1, .goal = i};
	q->subject = SUBJ_GOAL + i;
	VAR(v, 'g') = goals[i].what;
	TPL_PUT(g, &b, ways_tpls, 0, v);
	q->instr = sbuf_take(&b);
	TPL_PUT(g, &b, ways_intros, 0, v);
	if (b.n)
		sbuf_putc(&b, '\n');
	for (size_t k = 0; k < 3; k++)
		items[k] = goals[i].tips[take_unused(&g->rng, &g->ts.used, 5)];
	put_bullets(g, &b, items, 3);
	if (rng_chance(&g->rng, 30))
		sbuf_printf(&b, "\n\n%s", PICK(&g->rng, ways_closings));
	q->output = sbuf_take(&b);
	q->category = "brainstorming";
	return true;
}

static bool
task_capital(struct gen *g, struct qa *q)
{
	size_t i = rng_below(&g->rng, N_ELEMS(countries));
	const struct country *c = &countries[i];
	const char *v[26] = {0};
	struct sbuf b = {0};

	q->subject = SUBJ_COUNTRY + (int)i;
	VAR(v, 'x') = c->name;
	TPL_PUT(g, &b, capital_tpls, 0, v);
	q->instr = sbuf_take(&b);
	sbuf_printf(&b, "The capital of %s is %s.", c->name, c->capital);
	if (rng_chance(&g->rng, 60))
		sbuf_printf(&b, " %s lies in %s.", c->name, c->where);
	sbuf_printf(&b, " %s there.", c->lang);
	q->output = sbuf_take(&b);
	q->category = "open_qa";
	return true;
}

struct person {
	const char *name, *he;
};

static const struct person people[] = {
	{"Maria", "she"}, {"Tom", "he"}, {"Aisha", "she"}, {"Kenji", "he"},
	{"Lucas", "he"}, {"Priya", "she"}, {"Elena", "she"}, {"Omar", "he"},
};

static void
math_speed(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	static const char *const who[] = {"car", "train", "bus", "delivery van", "ferry"};
	unsigned s = 20 + 5 * (unsigned)rng_below(&g->rng, 19), h = 2 + (unsigned)rng_below(&g->rng, 5);

	sbuf_printf(in, "A %s travels at %u km/h for %u hours. How far does it go?",
		    PICK(&g->rng, who), s, h);
	sbuf_printf(out, "It covers %u km. Distance equals speed multiplied by time, "
		    "so %u \xC3\x97 %u = %u.", s * h, s, h, s * h);
}

static void
math_area(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	unsigned a = 3 + (unsigned)rng_below(&g->rng, 20), b = 2 + (unsigned)rng_below(&g->rng, 15);

	sbuf_printf(in, "What is the area of a rectangle that is %u cm long and %u cm wide?", a, b);
	sbuf_printf(out, "The area is %u square centimetres. Multiply the length by the width: "
		    "%u \xC3\x97 %u = %u.", a * b, a, b, a * b);
}

static void
math_discount(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	static const char *const items[] = {
		"jacket", "pair of shoes", "backpack", "desk lamp", "bicycle helmet", "coffee maker",
	};
	static const unsigned pcts[] = {10, 20, 25, 30, 40, 50};
	unsigned p = 20 * (1 + (unsigned)rng_below(&g->rng, 15)), d = PICK(&g->rng, pcts), s = p * d / 100;

	sbuf_printf(in, "A %s costs $%u. It is on sale for %u%% off. What is the sale price?",
		    PICK(&g->rng, items), p, d);
	sbuf_printf(out, "The sale price is $%u. A %u%% discount on $%u saves $%u, and $%u - $%u = $%u.",
		    p - s, d, p, s, p, s, p - s);
}

static void
math_average(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	static const char *const frac[] = {"", ".25", ".5", ".75"};
	unsigned x[4], sum = 0;

	for (int i = 0; i < 4; i++)
		sum += x[i] = 10 + (unsigned)rng_below(&g->rng, 90);
	sbuf_printf(in, "Find the average of these numbers: %u, %u, %u, %u.", x[0], x[1], x[2], x[3]);
	sbuf_printf(out, "The average is %u%s. Add the numbers to get %u, then divide by 4: "
		    "%u \xC3\xB7 4 = %u%s.", sum / 4, frac[sum % 4], sum, sum, sum / 4, frac[sum % 4]);
}

static void
math_celsius(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	int c = 5 * (int)rng_below(&g->rng, 21) - 10, f = c * 9 / 5 + 32;

	sbuf_printf(in, "Convert %d degrees Celsius to Fahrenheit.", c);
	sbuf_printf(out, "%d degrees Celsius is %d degrees Fahrenheit. Multiply by 9/5 and add 32: "
		    "%d \xC3\x97 9/5 + 32 = %d.", c, f, c, f);
}

static void
math_sort(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	unsigned x[6], n = 5 + (unsigned)rng_below(&g->rng, 2), seen = 0;

	for (unsigned i = 0; i < n; i++) {
		do
			x[i] = 1 + (unsigned)rng_below(&g->rng, 99);
		while (seen & (1u << (x[i] % 32)));
		seen |= 1u << (x[i] % 32);
	}
	sbuf_puts(in, "Sort these numbers from smallest to largest: ");
	for (unsigned i = 0; i < n; i++)
		sbuf_printf(in, i ? ", %u" : "%u", x[i]);
	sbuf_putc(in, '.');
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && x[j - 1] > x[j]; j--) {
			unsigned t = x[j];

			x[j] = x[j - 1];
			x[j - 1] = t;
		}
	sbuf_puts(out, "From smallest to largest: ");
	for (unsigned i = 0; i < n; i++)
		sbuf_printf(out, i ? ", %u" : "%u", x[i]);
	sbuf_putc(out, '.');
}

static void
math_apples(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	const struct person *p = &PICK(&g->rng, people);
	unsigned a = 3 + (unsigned)rng_below(&g->rng, 15), b = 2 + (unsigned)rng_below(&g->rng, 10);
	unsigned c = 1 + (unsigned)rng_below(&g->rng, a + b - 1);

	sbuf_printf(in, "%s has %u apples and buys %u more. Then %s gives %u to a friend. "
		    "How many apples does %s have now?", p->name, a, b, p->he, c, p->name);
	sbuf_printf(out, "%s has %u apples now. Starting with %u and buying %u more makes %u, "
		    "and giving away %u leaves %u.", p->name, a + b - c, a, b, a + b, c, a + b - c);
}

static void
math_clock(struct gen *g, struct sbuf *in, struct sbuf *out)
{
	unsigned h = 12 + (unsigned)rng_below(&g->rng, 10), m = 15 * (unsigned)rng_below(&g->rng, 4);
	unsigned d = 80 + 5 * (unsigned)rng_below(&g->rng, 15), end = h * 60 + m + d;

	sbuf_printf(in, "A film starts at %u:%02u and lasts %u minutes. What time does it end?", h, m, d);
	sbuf_printf(out, "It ends at %u:%02u. %u minutes is %u hour%s and %u minutes, "
		    "and adding that to %u:%02u gives %u:%02u.", end / 60 % 24, end % 60, d, d / 60,
		    d / 60 == 1 ? "" : "s", d % 60, h, m, end / 60 % 24, end % 60);
}

static bool
task_math(struct gen *g, struct qa *q)
{
	static void (*const fns[])(struct gen *, struct sbuf *, struct sbuf *) = {
		math_speed, math_area, math_discount, math_average, math_celsius, math_sort,
		math_apples, math_clock,
	};
	struct sbuf in = {0}, out = {0};

	PICK(&g->rng, fns)(g, &in, &out);
	q->instr = sbuf_take(&in);
	q->output = sbuf_take(&out);
	q->category = "open_qa";
	return true;
}

struct group {
	const char *label;
	const char *items[6];
};

static const struct group produce[] = {
	{"Fruits", {"apple", "banana", "mango", "pear", "kiwi", "apricot"}},
	{"Vegetables", {"carrot", "spinach", "broccoli", "onion", "leek", "radish"}},
};

static const struct group animals[] = {
	{"Mammals", {"whale", "bat", "dolphin", "horse", "elephant", "tiger"}},
	{"Birds", {"penguin", "eagle", "ostrich", "owl", "sparrow", "parrot"}},
	{"Fish", {"salmon", "shark", "tuna", "cod", "trout", "herring"}},
	{"Reptiles", {"crocodile", "iguana", "turtle", "cobra", "gecko", "chameleon"}},
};

static bool
task_classify(struct gen *g, struct qa *q)
{
	bool zoo = rng_chance(&g->rng, 50), inline_list = rng_chance(&g->rng, 50);
	const struct group *gr = zoo ? animals : produce;
	size_t n_gr = zoo ? N_ELEMS(animals) : N_ELEMS(produce), n = 0;
	const char *picked[12];
	struct sbuf out = {0}, list = {0};

	for (size_t i = 0; i < n_gr; i++) {
		unsigned used = 0, k = (zoo ? 1 : 2) + (unsigned)rng_below(&g->rng, 2);

		sbuf_printf(&out, "%s%s: ", i ? " " : "", gr[i].label);
		for (unsigned j = 0; j < k; j++) {
			picked[n] = gr[i].items[take_unused(&g->rng, &used, 6)];
			sbuf_printf(&out, "%s%s", j ? ", " : "", picked[n++]);
		}
		sbuf_putc(&out, '.');
	}
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(&g->rng, i);
		const char *t = picked[i - 1];

		picked[i - 1] = picked[j];
		picked[j] = t;
	}
	for (size_t i = 0; i < n; i++)
		sbuf_printf(&list, "%s%s", i ? ", " : "", picked[i]);
	q->output = sbuf_take(&out);
	if (inline_list && zoo)
		sbuf_printf(&out, "Classify these animals as mammals, birds, fish or reptiles: %s.", list.p);
	else if (inline_list)
		sbuf_printf(&out, "Which of these are fruits and which are vegetables: %s?", list.p);
	else if (zoo)
		sbuf_puts(&out, "Sort the following animals into mammals, birds, fish and reptiles.");
	else
		sbuf_puts(&out, "Classify each of the following as a fruit or a vegetable.");
	q->instr = sbuf_take(&out);
	q->input = inline_list ? xstrdup("") : xstrdup(list.p);
	free(list.p);
	q->category = "classification";
	return true;
}

static bool
task_translate(struct gen *g, struct qa *q)
{
	size_t i = rng_below(&g->rng, N_ELEMS(phrases)), l = 1 + rng_below(&g->rng, L__N - 1);
	const char *v[26] = {0};
	struct sbuf b = {0};

	VAR(v, 'l') = lang_names[l];
	TPL_PUT(g, &b, translate_tpls, 0, v);
	q->instr = sbuf_take(&b);
	q->input = xstrdup(phrases[i][L_EN]);
	q->output = xstrdup(phrases[i][l]);
	q->subject = SUBJ_PHRASE + (int)i;
	q->category = "general_qa";
	return true;
}

static bool
task_rewrite(struct gen *g, struct qa *q)
{
	size_t i = rng_below(&g->rng, N_ELEMS(rewrites));
	const char *v[26] = {0};
	struct sbuf b = {0};

	if (rewrites[i].passive)
		TPL_PUT(g, &b, passive_tpls, 0, v);
	else
		TPL_PUT(g, &b, formal_tpls, 0, v);
	q->instr = sbuf_take(&b);
	q->input = xstrdup(rewrites[i].from);
	q->output = xstrdup(rewrites[i].to);
	q->subject = SUBJ_REWRITE + (int)i;
	q->category = "general_qa";
	return true;
}

/* Fixed rows are used at most once per file; false sends gen_qa to another task. */
static bool
task_fixed(struct gen *g, struct qa *q, const struct fixed_qa *rows, bool *used, size_t n, int subj)
{
	size_t n_free = 0, k;

	for (size_t i = 0; i < n; i++)
		n_free += !used[i];
	if (!n_free)
		return false;
	k = rng_below(&g->rng, n_free);
	for (size_t i = 0; i < n; i++) {
		if (used[i] || k-- != 0)
			continue;
		used[i] = true;
		q->instr = xstrdup(rows[i].instr);
		q->input = xstrdup(rows[i].input);
		q->output = xstrdup(rows[i].output);
		q->category = rows[i].category;
		q->subject = subj + (int)i;
		return true;
	}
	return false;
}

static bool
task_code(struct gen *g, struct qa *q)
{
	return task_fixed(g, q, code_rows, g->used_code, N_ELEMS(code_rows), SUBJ_CODE);
}

static bool
task_native(struct gen *g, struct qa *q)
{
	return task_fixed(g, q, native_rows, g->used_native, N_ELEMS(native_rows), SUBJ_NATIVE);
}

static void
gen_qa(struct gen *g, struct qa *q, enum style st)
{
	static bool (*const fns[T__N])(struct gen *, struct qa *) = {
		[T_EXPLAIN] = task_explain, [T_FACTS] = task_facts, [T_POEM] = task_poem,
		[T_WHY] = task_why, [T_SUMMARIZE] = task_summarize, [T_CLOSED_QA] = task_closed_qa,
		[T_EXTRACT] = task_extract, [T_TWEET] = task_tweet, [T_COMPARE] = task_compare,
		[T_WAYS] = task_ways, [T_CAPITAL] = task_capital, [T_MATH] = task_math,
		[T_CLASSIFY] = task_classify, [T_TRANSLATE] = task_translate,
		[T_REWRITE] = task_rewrite, [T_CODE] = task_code, [T_NATIVE] = task_native,
	};

	for (;;) {
		size_t t = rng_weighted(&g->rng, task_weights[st], T__N);

		*q = (struct qa){.subject = SUBJ_TASK + (int)t};
		g->ts = (struct tstate){.topic = -1, .goal = -1};
		if (fns[t](g, q))
			break;
	}
	if (!q->input)
		q->input = xstrdup("");
}

/* ==== rows ========================================================================== */

enum role { ROLE_SYSTEM, ROLE_USER, ROLE_ASSISTANT };

enum kind {
	K_CLEAN, K_EXACT_DUP, K_NEAR_DUP, K_EMPTY, K_TRUNCATED, K_REFUSAL, K_REPETITIVE,
	K_MISALIGNED, K_PLACEHOLDER, K_BAD_UTF8, K__N,
};

/* The names defects.tsv uses; the tests match on them. */
static const char *const kind_names[K__N] = {
	[K_CLEAN] = "clean", [K_EXACT_DUP] = "exact_dup", [K_NEAR_DUP] = "near_dup",
	[K_EMPTY] = "empty_response", [K_TRUNCATED] = "truncated", [K_REFUSAL] = "refusal",
	[K_REPETITIVE] = "repetitive", [K_MISALIGNED] = "misaligned",
	[K_PLACEHOLDER] = "placeholder", [K_BAD_UTF8] = "bad_utf8",
};

struct turn {
	enum role role;
	char *text;		/* owned */
};

#define MAX_TURNS 9

/*
 * One sample in any format. Single-exchange formats use turn[0] (instruction) and
 * turn[1] (response) plus input; chat formats fold the input into the first user turn.
 * A text.jsonl article is a lone assistant turn.
 */
struct row {
	struct turn turn[MAX_TURNS];
	size_t n_turns;
	char *input;		/* owned, "" when none */
	const char *category;	/* Dolly */
	char *id;		/* ShareGPT, owned, else NULL */
	int subj_first, subj_last;
	enum kind kind;
	bool is_source;		/* copied by a dup row: must stay clean */
};

static void
row_push(struct row *r, enum role role, char *text)
{
	if (r->n_turns == MAX_TURNS)
		die("too many turns");
	r->turn[r->n_turns++] = (struct turn){role, text};
}

static char **
row_resp(struct row *r)
{
	for (size_t i = r->n_turns; i-- > 0;)
		if (r->turn[i].role == ROLE_ASSISTANT)
			return &r->turn[i].text;
	die("row without a response");
}

static const char *
row_resp_c(const struct row *r)
{
	return *row_resp((struct row *)r);
}

static int
row_user(const struct row *r)
{
	for (size_t i = 0; i < r->n_turns; i++)
		if (r->turn[i].role == ROLE_USER)
			return (int)i;
	return -1;
}

static void
row_free(struct row *r)
{
	for (size_t i = 0; i < r->n_turns; i++)
		free(r->turn[i].text);
	free(r->input);
	free(r->id);
	*r = (struct row){0};
}

static void
row_copy(struct row *dst, const struct row *src)
{
	*dst = *src;
	for (size_t i = 0; i < src->n_turns; i++)
		dst->turn[i].text = xstrdup(src->turn[i].text);
	dst->input = xstrdup(src->input);
	dst->id = src->id ? xstrdup(src->id) : NULL;
	dst->kind = K_CLEAN;
	dst->is_source = false;
}

static void
row_single(struct row *r, struct qa *q)
{
	row_push(r, ROLE_USER, q->instr);
	row_push(r, ROLE_ASSISTANT, q->output);
	r->input = q->input;
	r->category = q->category;
	r->subj_first = r->subj_last = q->subject;
}

/* Chat rows carry the input inside the user message, as people paste it. */
static char *
qa_user_text(struct qa *q)
{
	struct sbuf b = {0};

	sbuf_puts(&b, q->instr);
	if (q->input[0])
		sbuf_printf(&b, "\n\n%s", q->input);
	free(q->instr);
	free(q->input);
	return sbuf_take(&b);
}

static char *
make_id(struct gen *g)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	char id[10];

	for (int i = 0; i < 7; i++)
		id[i] = al[rng_below(&g->rng, sizeof al - 1)];
	id[7] = '_';
	id[8] = (char)('0' + rng_below(&g->rng, 3));
	id[9] = '\0';
	return xstrdup(id);
}

enum fu { FU_MORE, FU_WHY, FU_POEM, FU_COMPARE, FU_THANKS };

static bool
followup_topic(struct gen *g, struct sbuf *u, struct sbuf *a, bool last)
{
	enum fu opts[5];
	const char *v[26];
	const struct topic *t, *m;
	size_t n = 0;

	if (g->ts.topic < 0)
		return false;
	t = &topics[g->ts.topic];
	topic_vars(t, v);
	if (g->ts.used != 0xf)
		opts[n++] = FU_MORE;
	if (!g->ts.why)
		opts[n++] = FU_WHY;
	if (!g->ts.poem)
		opts[n++] = FU_POEM;
	if (!g->ts.compared)
		opts[n++] = FU_COMPARE;
	if (last)
		opts[n++] = FU_THANKS;
	if (!n)
		return false;
	switch (opts[rng_below(&g->rng, n)]) {
	case FU_MORE:
		sbuf_puts(u, PICK(&g->rng, fu_more));
		sbuf_puts(a, PICK(&g->rng, fu_more_lead));
		put_facts(g, a, 1 + rng_below(&g->rng, 2));
		break;
	case FU_WHY:
		sbuf_puts(u, PICK(&g->rng, fu_why));
		sbuf_puts(a, t->why);
		put_facts(g, a, rng_below(&g->rng, 2));
		g->ts.why = true;
		break;
	case FU_POEM:
		sbuf_puts(u, PICK(&g->rng, fu_poem));
		put_poem(g, a, v, rng_chance(&g->rng, 25));
		break;
	case FU_COMPARE:
		m = sibling_topic(g, t);
		VAR(v, 'm') = m->name;
		TPL_PUT(g, u, fu_compare, 0, v);
		sbuf_printf(a, "%s %s", m->def, PICK(&g->rng, m->facts));
		g->ts.compared = true;
		break;
	case FU_THANKS:
		sbuf_puts(u, PICK(&g->rng, fu_thanks));
		TPL_PUT(g, a, fu_thanks_topic, 0, v);
		break;
	}
	return true;
}

static bool
followup_goal(struct gen *g, struct sbuf *u, struct sbuf *a, bool last)
{
	const char *v[26] = {0};
	int tip;

	if (g->ts.goal < 0)
		return false;
	VAR(v, 'g') = goals[g->ts.goal].what;
	if (last && rng_chance(&g->rng, 40)) {
		sbuf_puts(u, PICK(&g->rng, fu_thanks));
		TPL_PUT(g, a, fu_thanks_goal, 0, v);
		return true;
	}
	if ((tip = take_unused(&g->rng, &g->ts.used, 5)) < 0)
		return false;
	sbuf_puts(u, PICK(&g->rng, fu_tip));
	sbuf_printf(a, "%s%s", PICK(&g->rng, fu_tip_lead), goals[g->ts.goal].tips[tip]);
	return true;
}

static void
row_followup(struct gen *g, struct row *r, bool last)
{
	struct sbuf u = {0}, a = {0};

	if (!followup_topic(g, &u, &a, last) && !followup_goal(g, &u, &a, last)) {
		struct qa q;
		char *text;

		gen_qa(g, &q, STYLE_CHAT);
		r->subj_last = q.subject;
		sbuf_puts(&u, PICK(&g->rng, fu_next));
		sbuf_puts(&u, text = qa_user_text(&q));
		free(text);
		sbuf_puts(&a, q.output);
		free(q.output);
	}
	row_push(r, ROLE_USER, sbuf_take(&u));
	row_push(r, ROLE_ASSISTANT, sbuf_take(&a));
}

/* ShareGPT allows 2-8 turns, so a system turn leaves room for three exchanges. */
static void
row_chat(struct gen *g, struct row *r, bool sharegpt)
{
	static const unsigned char ex_weights[4] = {30, 35, 20, 15};
	bool sys = rng_chance(&g->rng, sharegpt ? 25 : 45);
	size_t n_ex = 1 + rng_weighted(&g->rng, ex_weights, sys ? 3 : 4);
	struct qa q;

	r->input = xstrdup("");
	if (sys)
		row_push(r, ROLE_SYSTEM, xstrdup(PICK(&g->rng, system_prompts)));
	gen_qa(g, &q, STYLE_CHAT);
	r->subj_first = r->subj_last = q.subject;
	row_push(r, ROLE_USER, qa_user_text(&q));
	row_push(r, ROLE_ASSISTANT, q.output);
	for (size_t i = 1; i < n_ex; i++)
		row_followup(g, r, i + 1 == n_ex);
	if (sharegpt)
		r->id = make_id(g);
}

/* A plain-text pretraining-style paragraph for text.jsonl. */
static void
row_article(struct gen *g, struct row *r)
{
	struct qa q = {0};
	const struct topic *t = use_topic(g, &q);
	struct sbuf b = {0};

	if (rng_chance(&g->rng, 50)) {
		sbuf_puts(&b, t->name);
		if (b.p[0] >= 'a' && b.p[0] <= 'z')
			b.p[0] -= 32;
		sbuf_puts(&b, "\n\n");
	}
	sbuf_puts(&b, t->def);
	put_facts(g, &b, 2 + rng_below(&g->rng, 2));
	sbuf_printf(&b, " %s", t->why);
	row_push(r, ROLE_ASSISTANT, sbuf_take(&b));
	r->input = xstrdup("");
	r->subj_first = r->subj_last = q.subject;
}

enum fmt {
	F_ALPACA_JSON, F_ALPACA_JSONL, F_DOLLY, F_SHAREGPT, F_MESSAGES, F_PROMPT_COMPLETION,
	F_TEXT, F_BAD_UTF8,
};

static void
gen_row(struct gen *g, struct row *r, enum fmt f)
{
	struct qa q;

	*r = (struct row){0};
	if (f == F_SHAREGPT || f == F_MESSAGES) {
		row_chat(g, r, f == F_SHAREGPT);
	} else if (f == F_TEXT && rng_chance(&g->rng, 40)) {
		row_article(g, r);
	} else {
		gen_qa(g, &q, f == F_DOLLY ? STYLE_DOLLY : STYLE_PLAIN);
		row_single(r, &q);
	}
}

/* ==== keeping clean rows clean ====================================================== */

/*
 * Clean rows must not look like duplicates of each other, or the dedup tests would
 * report pairs that defects.tsv does not list. Every accepted row is compared with the
 * earlier ones on the whole text, the response alone and the prompt alone, with a wide
 * margin below the 0.8 a near-duplicate scorer would use.
 */
#define CLEAN_MAX_JACCARD 0.4
#define CLEAN_MAX_TRIES 200

struct corpus {
	struct shingles *full, *resp, *prompt;
	char **keys;
	size_t n, cap, n_forced;
};

static char *
row_full_text(const struct row *r)
{
	struct sbuf b = {0};
	int u = row_user(r);

	for (size_t i = 0; i < r->n_turns; i++) {
		if (i)
			sbuf_putc(&b, '\n');
		sbuf_puts(&b, r->turn[i].text);
		if ((int)i == u && r->input[0])
			sbuf_printf(&b, "\n%s", r->input);
	}
	return sbuf_take(&b);
}

/* Identical prompts are duplicates to a curator even when the answers differ. */
static char *
row_key(const struct row *r)
{
	struct sbuf b = {0};
	int u = row_user(r);

	sbuf_printf(&b, "%s\x1f%s", u < 0 ? row_resp_c(r) : r->turn[u].text, r->input);
	return sbuf_take(&b);
}

static bool
corpus_clashes(const struct corpus *c, const struct shingles *sh, const char *key)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->keys[i], key) ||
		    shingles_jaccard(&c->full[i], &sh[0]) > CLEAN_MAX_JACCARD ||
		    shingles_jaccard(&c->resp[i], &sh[1]) > CLEAN_MAX_JACCARD ||
		    shingles_jaccard(&c->prompt[i], &sh[2]) > CLEAN_MAX_JACCARD)
			return true;
	return false;
}

static bool
corpus_add(struct corpus *c, const struct row *r, bool force)
{
	struct shingles sh[3];
	char *text = row_full_text(r), *key = row_key(r);
	bool clash;

	shingles_build(&sh[0], text);
	shingles_build(&sh[1], row_resp_c(r));
	shingles_build(&sh[2], key);
	free(text);
	clash = corpus_clashes(c, sh, key);
	if (clash && !force) {
		for (int i = 0; i < 3; i++)
			free(sh[i].h);
		free(key);
		return false;
	}
	c->n_forced += clash;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->full = xrealloc(c->full, c->cap * sizeof *c->full);
		c->resp = xrealloc(c->resp, c->cap * sizeof *c->resp);
		c->prompt = xrealloc(c->prompt, c->cap * sizeof *c->prompt);
		c->keys = xrealloc(c->keys, c->cap * sizeof *c->keys);
	}
	c->full[c->n] = sh[0];
	c->resp[c->n] = sh[1];
	c->prompt[c->n] = sh[2];
	c->keys[c->n++] = key;
	return true;
}

static void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->full[i].h);
		free(c->resp[i].h);
		free(c->prompt[i].h);
		free(c->keys[i]);
	}
	free(c->full);
	free(c->resp);
	free(c->prompt);
	free(c->keys);
}

static void
gen_clean_row(struct gen *g, struct row *r, enum fmt f, struct corpus *c)
{
	for (int tries = 0;; tries++) {
		gen_row(g, r, f);
		if (corpus_add(c, r, tries >= CLEAN_MAX_TRIES))
			return;
		row_free(r);
	}
}

/* ==== planting defects ============================================================== */

/* A cut inside a word between 40% and 75% of the way, so no final punctuation is left. */
static size_t
trunc_point(const char *s, size_t from)
{
	size_t len = strlen(s);

	for (size_t i = from; i + 1 < len; i++)
		if (is_alpha((unsigned char)s[i - 1]) && is_alpha((unsigned char)s[i]))
			return i;
	for (size_t i = from; i > len / 4; i--)
		if (is_alpha((unsigned char)s[i - 1]) && is_alpha((unsigned char)s[i]))
			return i;
	return 0;
}

/* The first sentence of at least five words, without its list marker: *len bytes at *off. */
static bool
first_sentence(const char *s, size_t *off, size_t *len)
{
	size_t i = 0;

	while (s[i]) {
		size_t start, end;
		char *seg;
		size_t words;

		while (s[i] == ' ' || s[i] == '\n' || s[i] == '-' || s[i] == '*' ||
		       (s[i] >= '0' && s[i] <= '9' && s[i + 1] == '.'))
			i += (s[i] >= '0' && s[i] <= '9') ? 2 : 1;
		start = i;
		while (s[i] && s[i] != '\n' && !(strchr(".!?", s[i]) && strchr(" \n", s[i + 1])))
			i++;
		end = s[i] && s[i] != '\n' ? i + 1 : i;
		seg = memcpy(xrealloc(NULL, end - start + 1), s + start, end - start);
		seg[end - start] = '\0';
		words = count_words(seg);
		free(seg);
		if (words >= 5 && end > start && strchr(".!?", s[end - 1])) {
			*off = start;
			*len = end - start;
			return true;
		}
		i = s[end] ? end + 1 : end;
		if (end == start && !s[i])
			break;
	}
	return false;
}

static bool
row_eligible(const struct row *r, enum kind k)
{
	const char *resp = row_resp_c(r);
	size_t off, len;

	switch (k) {
	case K_TRUNCATED:
		len = strlen(resp);
		return is_ascii(resp) && len >= 60 && trunc_point(resp, len / 2) != 0;
	case K_REPETITIVE:
		return is_ascii(resp) && first_sentence(resp, &off, &len);
	case K_NEAR_DUP:
		return count_words(resp) >= 40;
	case K_MISALIGNED:
	case K_REFUSAL:
	case K_PLACEHOLDER:
	case K_EMPTY:
		return row_user(r) >= 0;
	default:
		return true;
	}
}

static size_t
pick_target(struct gen *g, struct row *rows, size_t n, enum kind k)
{
	for (size_t tries = 0; tries < 100 * n; tries++) {
		size_t i = rng_below(&g->rng, n);

		if (rows[i].kind == K_CLEAN && !rows[i].is_source && row_eligible(&rows[i], k))
			return i;
	}
	die("no row left for a %s defect", kind_names[k]);
}

static void
make_truncated(struct gen *g, char **resp)
{
	size_t len = strlen(*resp);
	size_t at = trunc_point(*resp, len * (40 + rng_below(&g->rng, 36)) / 100);

	(*resp)[at] = '\0';
}

static void
make_repetitive(struct gen *g, char **resp)
{
	size_t off = 0, len = 0, n = 6 + rng_below(&g->rng, 7);
	const char *sep = rng_chance(&g->rng, 70) ? " " : "\n";
	struct sbuf b = {0};

	first_sentence(*resp, &off, &len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_puts(&b, sep);
		sbuf_putn(&b, *resp + off, len);
	}
	free(*resp);
	*resp = sbuf_take(&b);
}

static void
make_refusal(struct gen *g, struct row *r)
{
	const char *v[26] = {0};
	size_t i = take_pool(&g->rng, g->used_refusal, N_ELEMS(refusals));
	int s = r->subj_last;
	char **resp = row_resp(r);

	VAR(v, 'n') = s >= 0 && s < (int)N_ELEMS(topics) ? topics[s].name : "this topic";
	free(*resp);
	*resp = tpl_str(refusals[i], v);
}

/* Invalid UTF-8 of the kinds real scraped data has; each row gets a different one. */
static void
make_bad_utf8(struct gen *g, struct row *r, unsigned nth)
{
	static const struct {
		const char *bytes;
		bool instr, at_end;
	} bad[] = {
		{"\xE9", false, false},			/* Latin-1 e-acute in a UTF-8 file */
		{"\xFF", false, false},			/* never valid in UTF-8 */
		{"\xC3", true, false},			/* lead byte with no continuation */
		{"\xE2\x82", false, true},		/* 3-byte sequence cut off at the end */
		{"\x80", true, false},			/* stray continuation byte */
		{"\xED\xA0\x80", false, false},		/* UTF-8-encoded UTF-16 surrogate */
	};
	unsigned v = nth % N_ELEMS(bad);
	char **field = bad[v].instr ? &r->turn[0].text : row_resp(r);
	size_t len = strlen(*field), at = len, n_sp = 0;
	struct sbuf b = {0};

	for (size_t i = 0; !bad[v].at_end && i < len; i++)
		n_sp += (*field)[i] == ' ';
	if (n_sp) {
		size_t k = rng_below(&g->rng, n_sp);

		for (at = 0; (*field)[at] != ' ' || k-- != 0; at++)
			;
	}
	sbuf_putn(&b, *field, at);
	sbuf_puts(&b, bad[v].bytes);
	sbuf_puts(&b, *field + at);
	free(*field);
	*field = sbuf_take(&b);
}

static void
plant_in_place(struct gen *g, struct row *r, enum kind k, unsigned nth)
{
	char **resp = row_resp(r);

	switch (k) {
	case K_EMPTY:
		replace_str(resp, nth % 3 == 1 ? PICK(&g->rng, blanks) : "");
		break;
	case K_TRUNCATED:
		make_truncated(g, resp);
		break;
	case K_REFUSAL:
		make_refusal(g, r);
		break;
	case K_REPETITIVE:
		make_repetitive(g, resp);
		break;
	case K_PLACEHOLDER:
		replace_str(resp, placeholders[take_pool(&g->rng, g->used_placeholder, N_ELEMS(placeholders))]);
		break;
	case K_BAD_UTF8:
		make_bad_utf8(g, r, nth);
		break;
	default:
		die("not an in-place defect: %s", kind_names[k]);
	}
	r->kind = k;
}

static bool
subjects_overlap(const struct row *a, const struct row *b)
{
	return a->subj_first == b->subj_first || a->subj_first == b->subj_last ||
	       a->subj_last == b->subj_first || a->subj_last == b->subj_last;
}

/* Swaps responses between two rows about different things; both rows count. */
static void
plant_misaligned_pair(struct gen *g, struct row *rows, size_t n)
{
	size_t a = pick_target(g, rows, n, K_MISALIGNED), b;
	char **ra, **rb, *t;

	rows[a].kind = K_MISALIGNED;
	for (int tries = 0;; tries++) {
		b = pick_target(g, rows, n, K_MISALIGNED);
		if (!subjects_overlap(&rows[a], &rows[b]))
			break;
		if (tries > 1000)
			die("no partner for a misaligned row");
	}
	ra = row_resp(&rows[a]);
	rb = row_resp(&rows[b]);
	t = *ra;
	*ra = *rb;
	*rb = t;
	rows[b].kind = K_MISALIGNED;
}

static bool
starts_with_imperative(const char *s)
{
	for (size_t i = 0; i < N_ELEMS(imperatives); i++) {
		size_t n = strlen(imperatives[i]);

		if (!strncmp(s, imperatives[i], n) && s[n] == ' ')
			return true;
	}
	return false;
}

/* Swaps the first synonym-table word found from a random start; false if none. */
static bool
swap_one_word(struct gen *g, char **text)
{
	size_t len = strlen(*text), start = rng_below(&g->rng, len + 1);

	for (size_t k = 0; k < len; k++) {
		size_t i = (start + k) % len, e = i;

		if (!is_alpha((unsigned char)(*text)[i]) || (i && is_word_byte((unsigned char)(*text)[i - 1])))
			continue;
		while (is_alpha((unsigned char)(*text)[e]))
			e++;
		for (size_t s = 0; s < N_ELEMS(synonyms); s++) {
			struct sbuf b = {0};

			if (strlen(synonyms[s][0]) != e - i || strncmp(*text + i, synonyms[s][0], e - i))
				continue;
			sbuf_putn(&b, *text, i);
			sbuf_puts(&b, synonyms[s][1]);
			sbuf_puts(&b, *text + e);
			free(*text);
			*text = sbuf_take(&b);
			return true;
		}
	}
	return false;
}

/* A few words added or changed; checked to keep 5-shingle Jaccard above 0.85. */
static void
near_edit(struct gen *g, struct row *r, bool swap)
{
	char **resp = row_resp(r);
	int u = row_user(r);
	struct sbuf b = {0};

	sbuf_printf(&b, "%s%s", *resp, PICK(&g->rng, near_tails));
	free(*resp);
	*resp = sbuf_take(&b);
	if (swap)
		swap_one_word(g, resp);
	if (u >= 0 && starts_with_imperative(r->turn[u].text) && rng_chance(&g->rng, 50)) {
		sbuf_printf(&b, "Please %c%s", r->turn[u].text[0] + 32, r->turn[u].text + 1);
		free(r->turn[u].text);
		r->turn[u].text = sbuf_take(&b);
	}
	if (r->id) {
		free(r->id);
		r->id = make_id(g);
	}
}

static bool
near_enough(const struct row *a, const struct row *b)
{
	char *ta = row_full_text(a), *tb = row_full_text(b);
	bool ok = text_jaccard(ta, tb) >= 0.85 && text_jaccard(row_resp_c(a), row_resp_c(b)) >= 0.85;

	free(ta);
	free(tb);
	return ok;
}

/* Rows after the first fifth copy an earlier clean row, which must then stay clean. */
static void
plant_dup(struct gen *g, struct row *rows, size_t n, enum kind k)
{
	for (size_t tries = 0; tries < 100 * n; tries++) {
		size_t i = n / 5 + rng_below(&g->rng, n - n / 5), j = rng_below(&g->rng, i);
		struct row copy;
		bool ok = true;

		if (rows[i].kind != K_CLEAN || rows[i].is_source || rows[j].kind != K_CLEAN ||
		    rows[j].is_source || !row_eligible(&rows[j], k))
			continue;
		row_copy(&copy, &rows[j]);
		if (k == K_NEAR_DUP) {
			near_edit(g, &copy, rng_chance(&g->rng, 50));
			ok = near_enough(&copy, &rows[j]);
		}
		if (!ok) {
			row_free(&copy);
			continue;
		}
		row_free(&rows[i]);
		rows[i] = copy;
		rows[i].kind = k;
		rows[j].is_source = true;
		return;
	}
	die("no room for a %s defect", kind_names[k]);
}

struct plan {
	const char *file;
	enum fmt fmt;
	size_t n_rows;
	unsigned char n[K__N];	/* defects of each kind */
};

/* Defects come last to first in dependency order: swaps, in-place edits, then copies. */
static void
plant_defects(struct gen *g, struct row *rows, const struct plan *pl)
{
	static const enum kind in_place[] = {
		K_EMPTY, K_TRUNCATED, K_REFUSAL, K_REPETITIVE, K_PLACEHOLDER, K_BAD_UTF8,
	};

	for (unsigned c = 0; c < (pl->n[K_MISALIGNED] + 1u) / 2; c++)
		plant_misaligned_pair(g, rows, pl->n_rows);
	for (size_t k = 0; k < N_ELEMS(in_place); k++)
		for (unsigned c = 0; c < pl->n[in_place[k]]; c++)
			plant_in_place(g, &rows[pick_target(g, rows, pl->n_rows, in_place[k])], in_place[k], c);
	for (unsigned c = 0; c < pl->n[K_EXACT_DUP]; c++)
		plant_dup(g, rows, pl->n_rows, K_EXACT_DUP);
	for (unsigned c = 0; c < pl->n[K_NEAR_DUP]; c++)
		plant_dup(g, rows, pl->n_rows, K_NEAR_DUP);
}

/* ==== writing the sample files ====================================================== */

static void
put_kv(struct sbuf *b, const char *indent, const char *key, const char *val, bool ascii,
       const char *after)
{
	sbuf_printf(b, "%s\"%s\": ", indent, key);
	json_str(b, val, ascii);
	sbuf_puts(b, after);
}

static char *
row_prompt(const struct row *r)
{
	struct sbuf b = {0};

	sbuf_puts(&b, r->turn[0].text);
	if (r->input[0])
		sbuf_printf(&b, "\n\n%s", r->input);
	return sbuf_take(&b);
}

/* text.jsonl: the Alpaca prompt layout most plain-text SFT sets use, or a bare article. */
static char *
row_text(const struct row *r)
{
	struct sbuf b = {0};

	if (row_user(r) < 0)
		return xstrdup(row_resp_c(r));
	sbuf_printf(&b, "### Instruction:\n%s\n\n", r->turn[0].text);
	if (r->input[0])
		sbuf_printf(&b, "### Input:\n%s\n\n", r->input);
	sbuf_printf(&b, "### Response:\n%s", row_resp_c(r));
	return sbuf_take(&b);
}

static void
put_sharegpt(struct sbuf *b, const struct row *r, bool last)
{
	static const char *const from[] = {"system", "human", "gpt"};

	sbuf_puts(b, "  {\n");
	put_kv(b, "    ", "id", r->id, true, ",\n");
	sbuf_puts(b, "    \"conversations\": [\n");
	for (size_t i = 0; i < r->n_turns; i++) {
		sbuf_puts(b, "      {\n");
		put_kv(b, "        ", "from", from[r->turn[i].role], true, ",\n");
		put_kv(b, "        ", "value", r->turn[i].text, true, "\n");
		sbuf_puts(b, i + 1 < r->n_turns ? "      },\n" : "      }\n");
	}
	sbuf_puts(b, last ? "    ]\n  }\n" : "    ]\n  },\n");
}

static void
put_messages(struct sbuf *b, const struct row *r)
{
	static const char *const role[] = {"system", "user", "assistant"};

	sbuf_puts(b, "{\"messages\": [");
	for (size_t i = 0; i < r->n_turns; i++) {
		sbuf_puts(b, i ? ", {" : "{");
		put_kv(b, "", "role", role[r->turn[i].role], false, ", ");
		put_kv(b, "", "content", r->turn[i].text, false, "}");
	}
	sbuf_puts(b, "]}\n");
}

static void
put_row(struct sbuf *b, const struct row *r, enum fmt f, bool last)
{
	char *s;

	switch (f) {
	case F_ALPACA_JSON:
		sbuf_puts(b, "  {\n");
		put_kv(b, "    ", "instruction", r->turn[0].text, false, ",\n");
		put_kv(b, "    ", "input", r->input, false, ",\n");
		put_kv(b, "    ", "output", row_resp_c(r), false, "\n");
		sbuf_puts(b, last ? "  }\n" : "  },\n");
		break;
	case F_ALPACA_JSONL:
	case F_BAD_UTF8:
		put_kv(b, "{", "instruction", r->turn[0].text, false, ", ");
		put_kv(b, "", "input", r->input, false, ", ");
		put_kv(b, "", "output", row_resp_c(r), false, "}\n");
		break;
	case F_DOLLY:
		put_kv(b, "{", "instruction", r->turn[0].text, false, ", ");
		put_kv(b, "", "context", r->input, false, ", ");
		put_kv(b, "", "response", row_resp_c(r), false, ", ");
		put_kv(b, "", "category", r->category, false, "}\n");
		break;
	case F_SHAREGPT:
		put_sharegpt(b, r, last);
		break;
	case F_MESSAGES:
		put_messages(b, r);
		break;
	case F_PROMPT_COMPLETION:
		put_kv(b, "{", "prompt", s = row_prompt(r), false, ", ");
		free(s);
		put_kv(b, "", "completion", row_resp_c(r), false, "}\n");
		break;
	case F_TEXT:
		put_kv(b, "{", "text", s = row_text(r), false, "}\n");
		free(s);
		break;
	}
}

/* Writes the rows and appends one defects.tsv line per defect, at the row's first line. */
static void
serialize(struct sbuf *out, struct sbuf *tsv, const struct row *rows, const struct plan *pl)
{
	bool array = pl->fmt == F_ALPACA_JSON || pl->fmt == F_SHAREGPT;
	size_t line = 1, seen = 0;

	if (array)
		sbuf_puts(out, "[\n");
	for (size_t i = 0; i < pl->n_rows; i++) {
		for (; seen < out->n; seen++)
			line += out->p[seen] == '\n';
		if (rows[i].kind != K_CLEAN)
			sbuf_printf(tsv, "%s\t%zu\t%s\n", pl->file, line, kind_names[rows[i].kind]);
		put_row(out, &rows[i], pl->fmt, i + 1 == pl->n_rows);
	}
	if (array)
		sbuf_puts(out, "]\n");
}

static void
write_file(const char *dir, const char *name, const struct sbuf *b)
{
	struct sbuf path = {0};
	FILE *f;

	sbuf_printf(&path, "%s/%s", dir, name);
	if (!(f = fopen(path.p, "wb")))
		die("%s: %s", path.p, strerror(errno));
	if (b->n && fwrite(b->p, 1, b->n, f) != b->n)
		die("%s: write failed: %s", path.p, strerror(errno));
	if (fclose(f) != 0)
		die("%s: %s", path.p, strerror(errno));
	free(path.p);
}

/* About 10% defective rows per file, several kinds each; text rows have no placeholders. */
static const struct plan plans[] = {
	{"alpaca.json", F_ALPACA_JSON, 300,
	 {[K_EXACT_DUP] = 4, [K_NEAR_DUP] = 4, [K_EMPTY] = 3, [K_TRUNCATED] = 4, [K_REFUSAL] = 4,
	  [K_REPETITIVE] = 3, [K_MISALIGNED] = 4, [K_PLACEHOLDER] = 3}},
	{"alpaca.jsonl", F_ALPACA_JSONL, 200,
	 {[K_EXACT_DUP] = 3, [K_NEAR_DUP] = 3, [K_EMPTY] = 2, [K_TRUNCATED] = 3, [K_REFUSAL] = 3,
	  [K_REPETITIVE] = 2, [K_MISALIGNED] = 2, [K_PLACEHOLDER] = 2}},
	{"dolly.jsonl", F_DOLLY, 200,
	 {[K_EXACT_DUP] = 3, [K_NEAR_DUP] = 3, [K_EMPTY] = 2, [K_TRUNCATED] = 3, [K_REFUSAL] = 2,
	  [K_REPETITIVE] = 2, [K_MISALIGNED] = 2, [K_PLACEHOLDER] = 2}},
	{"sharegpt.json", F_SHAREGPT, 200,
	 {[K_EXACT_DUP] = 3, [K_NEAR_DUP] = 3, [K_EMPTY] = 2, [K_TRUNCATED] = 3, [K_REFUSAL] = 3,
	  [K_REPETITIVE] = 2, [K_MISALIGNED] = 2, [K_PLACEHOLDER] = 1}},
	{"messages.jsonl", F_MESSAGES, 200,
	 {[K_EXACT_DUP] = 3, [K_NEAR_DUP] = 3, [K_EMPTY] = 2, [K_TRUNCATED] = 2, [K_REFUSAL] = 3,
	  [K_REPETITIVE] = 2, [K_MISALIGNED] = 2, [K_PLACEHOLDER] = 2}},
	{"prompt_completion.jsonl", F_PROMPT_COMPLETION, 150,
	 {[K_EXACT_DUP] = 2, [K_NEAR_DUP] = 2, [K_EMPTY] = 2, [K_TRUNCATED] = 2, [K_REFUSAL] = 2,
	  [K_REPETITIVE] = 2, [K_MISALIGNED] = 2, [K_PLACEHOLDER] = 1}},
	{"text.jsonl", F_TEXT, 100,
	 {[K_EXACT_DUP] = 2, [K_NEAR_DUP] = 2, [K_EMPTY] = 1, [K_TRUNCATED] = 2, [K_REFUSAL] = 1,
	  [K_REPETITIVE] = 2, [K_MISALIGNED] = 2}},
	{"bad_utf8.jsonl", F_BAD_UTF8, 40, {[K_BAD_UTF8] = 6}},
};

static void
gen_file(const struct plan *pl, unsigned idx, const char *dir, struct sbuf *tsv)
{
	struct gen g = {.rng = {0x77696e6e6f770000ULL + (idx + 1) * 0x9e3779b97f4a7c15ULL}};
	struct row *rows = xrealloc(NULL, pl->n_rows * sizeof *rows);
	struct corpus c = {0};
	struct sbuf out = {0};
	size_t n_def = 0;

	for (size_t i = 0; i < pl->n_rows; i++)
		gen_clean_row(&g, &rows[i], pl->fmt, &c);
	plant_defects(&g, rows, pl);
	serialize(&out, tsv, rows, pl);
	write_file(dir, pl->file, &out);
	for (size_t i = 0; i < pl->n_rows; i++) {
		n_def += rows[i].kind != K_CLEAN;
		row_free(&rows[i]);
	}
	printf("%s/%s: %zu rows, %zu defects, %zu bytes\n", dir, pl->file, pl->n_rows, n_def, out.n);
	if (c.n_forced)
		fprintf(stderr, "gen_samples: warning: %s: %zu clean rows resemble earlier ones\n",
			pl->file, c.n_forced);
	corpus_free(&c);
	free(rows);
	free(out.p);
}

static int
cmd_samples(const char *dir)
{
	struct sbuf tsv = {0};

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die("%s: %s", dir, strerror(errno));
	sbuf_puts(&tsv, "file\tline\tkind\n");
	for (unsigned i = 0; i < N_ELEMS(plans); i++)
		gen_file(&plans[i], i, dir, &tsv);
	write_file(dir, "defects.tsv", &tsv);
	free(tsv.p);
	return 0;
}

/* ==== --scale: benchmark rows varied from a real Alpaca file ======================== */

/*
 * Copy k of source row k % n is varied by its cycle c = k / n: cycle 0 is verbatim,
 * later cycles swap random synonyms and add a short clause, so every (row, cycle) pair
 * gives distinct, natural text. Cycles 1-15 add an instruction clause, 16-30 an output
 * clause and 31-255 one of each; beyond that a number keeps copies apart. One clause
 * where possible keeps rows close to the source's size.
 */
static const char *const instr_clauses[16] = {
	"", "Keep it brief.", "Be specific.", "Use plain language.", "Be concise.",
	"Explain briefly.", "Keep it simple.", "Keep it short.", "Be clear.",
	"Avoid jargon.", "Use full sentences.", "Be accurate.", "Be direct.",
	"Stay on topic.", "Keep it friendly.", "Be brief but complete.",
};

static const char *const output_clauses[16] = {
	"", "Hope this helps.", "That is the gist.", "Those are the basics.",
	"That covers it.", "Simple as that.", "That is the short answer.",
	"Good luck with it.", "Hope that is clear.", "Those are the key points.",
	"Worth remembering.", "Thanks for asking.", "That sums it up.",
	"Happy to explain more.", "Hope that answers it.", "That is all there is to it.",
};

/* A word the synonym table can replace, found once at load time. */
struct spot {
	uint32_t off;
	uint16_t syn;
	uint8_t field, len;
};

struct src_row {
	char *f[3];		/* instruction, input, output */
	size_t spot0, n_spots;
};

struct source {
	struct src_row *rows;
	size_t n, cap;
	struct spot *spots;
	size_t n_spots, cap_spots;
};

struct scale_opts {
	unsigned long long n, seed;
	const char *from, *out, *csv;
};

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct sbuf b = {0};
	char buf[1 << 16];
	size_t n;

	if (!f)
		die("%s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sbuf_putn(&b, buf, n);
	if (ferror(f))
		die("%s: read failed: %s", path, strerror(errno));
	fclose(f);
	*len = b.n;
	return sbuf_take(&b);
}

static int
syn_lookup(const char *w, size_t len)
{
	for (size_t i = 0; i < N_ELEMS(synonyms); i++)
		if (strlen(synonyms[i][0]) == len && !memcmp(w, synonyms[i][0], len))
			return (int)i;
	return -1;
}

/* Whole lowercase words only: "people's" or "well-known" parts are left alone. */
static void
find_spots(struct source *src, const char *t, uint8_t field)
{
	for (size_t i = 0; t[i];) {
		size_t e = i;
		int s;

		if (!is_alpha((unsigned char)t[i]) ||
		    (i && (is_word_byte((unsigned char)t[i - 1]) || t[i - 1] == '\'' || t[i - 1] == '-'))) {
			i++;
			continue;
		}
		while (is_alpha((unsigned char)t[e]))
			e++;
		if (!is_word_byte((unsigned char)t[e]) && t[e] != '\'' && t[e] != '-' &&
		    e - i < 32 && (s = syn_lookup(t + i, e - i)) >= 0) {
			if (src->n_spots == src->cap_spots) {
				src->cap_spots = src->cap_spots ? 2 * src->cap_spots : 4096;
				src->spots = xrealloc(src->spots, src->cap_spots * sizeof *src->spots);
			}
			src->spots[src->n_spots++] = (struct spot){(uint32_t)i, (uint16_t)s, field, (uint8_t)(e - i)};
		}
		i = e;
	}
}

static void
source_add(struct source *src, const cJSON *item)
{
	static const char *const keys[3] = {"instruction", "input", "output"};
	struct src_row row = {.spot0 = src->n_spots};

	for (int f = 0; f < 3; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, keys[f]);

		if (!cJSON_IsString(v) && f != 1)
			return;
		row.f[f] = xstrdup(cJSON_IsString(v) ? v->valuestring : "");
	}
	for (uint8_t f = 0; f < 3; f++)
		find_spots(src, row.f[f], f);
	row.n_spots = src->n_spots - row.spot0;
	if (src->n == src->cap) {
		src->cap = src->cap ? 2 * src->cap : 1024;
		src->rows = xrealloc(src->rows, src->cap * sizeof *src->rows);
	}
	src->rows[src->n++] = row;
}

static void
source_load(struct source *src, const char *path)
{
	size_t len, skipped = 0;
	char *text = read_all(path, &len);
	cJSON *root = cJSON_ParseWithLength(text, len), *item;

	if (!root)
		die("%s: not valid JSON (near byte %td)", path,
		    cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() - text : (ptrdiff_t)0);
	if (!cJSON_IsArray(root))
		die("%s: expected a JSON array of Alpaca rows", path);
	cJSON_ArrayForEach(item, root) {
		size_t before = src->n;

		source_add(src, item);
		skipped += src->n == before;
	}
	cJSON_Delete(root);
	free(text);
	if (!src->n)
		die("%s: no rows with string \"instruction\" and \"output\"", path);
	if (skipped)
		fprintf(stderr, "gen_samples: %s: skipped %zu rows without instruction/output\n", path, skipped);
}

static void
sbuf_reset(struct sbuf *b)
{
	b->n = 0;
	sbuf_reserve(b, 0);
	b->p[0] = '\0';
}

/* Appends a clause after trailing space, with the punctuation the text ends with. */
static void
add_clause(struct sbuf *b, const char *clause, bool instr)
{
	char c;

	if (!clause[0])
		return;
	while (b->n && strchr(" \t\r\n", b->p[b->n - 1]))
		b->p[--b->n] = '\0';
	c = b->n ? b->p[b->n - 1] : '\0';
	if (!c)
		;
	else if (c == '.' || c == '!' || c == '?' || (instr && c == ':'))
		sbuf_putc(b, ' ');
	else
		sbuf_puts(b, instr ? ". " : "\n\n");
	sbuf_puts(b, clause);
}

static void
vary_row(const struct source *src, size_t k, uint64_t seed, struct sbuf *fld)
{
	const struct src_row *row = &src->rows[k % src->n];
	const struct spot *sp = src->spots + row->spot0, *end = sp + row->n_spots;
	size_t cycle = k / src->n;
	struct rng r = {seed ^ mix64(k + 1)};

	for (uint8_t f = 0; f < 3; f++) {
		const char *t = row->f[f];
		size_t at = 0;

		sbuf_reset(&fld[f]);
		for (; cycle && sp < end && sp->field == f; sp++) {
			if (rng_next(&r) & 1)
				continue;
			sbuf_putn(&fld[f], t + at, sp->off - at);
			sbuf_puts(&fld[f], synonyms[sp->syn][1]);
			at = sp->off + sp->len;
		}
		sbuf_puts(&fld[f], t + at);
	}
	if (!cycle)
		return;
	if (cycle < 16) {
		add_clause(&fld[0], instr_clauses[cycle], true);
	} else if (cycle < 31) {
		add_clause(&fld[2], output_clauses[cycle - 15], false);
	} else {
		size_t c = (cycle - 31) % 225;

		add_clause(&fld[0], instr_clauses[1 + c % 15], true);
		add_clause(&fld[2], output_clauses[1 + c / 15], false);
		if (cycle >= 256)
			sbuf_printf(&fld[2], " (%zu)", (cycle - 31) / 225);
	}
}

static FILE *
open_out(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		die("%s: %s", path, strerror(errno));
	return f;
}

static void
flush_out(FILE *f, const char *path, struct sbuf *b)
{
	if (b->n && fwrite(b->p, 1, b->n, f) != b->n)
		die("%s: write failed: %s", path, strerror(errno));
	b->n = 0;
}

static void
close_out(FILE *f, const char *path)
{
	if (fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

static void
put_scale_row(struct sbuf *json, struct sbuf *csv, const struct sbuf *fld)
{
	put_kv(json, "{", "instruction", fld[0].p, false, ", ");
	put_kv(json, "", "input", fld[1].p, false, ", ");
	put_kv(json, "", "output", fld[2].p, false, "}\n");
	if (!csv)
		return;
	for (int f = 0; f < 3; f++) {
		if (f)
			sbuf_putc(csv, ',');
		csv_str(csv, fld[f].p);
	}
	sbuf_puts(csv, "\r\n");
}

static int
cmd_scale(const struct scale_opts *o)
{
	struct source src = {0};
	struct sbuf fld[3] = {{0}}, json = {0}, csv = {0};
	FILE *fj, *fc = NULL;
	size_t bytes = 0;

	source_load(&src, o->from);
	fj = open_out(o->out);
	if (o->csv) {
		fc = open_out(o->csv);
		sbuf_puts(&csv, "\"instruction\",\"input\",\"output\"\r\n");
	}
	for (size_t k = 0; k < o->n; k++) {
		vary_row(&src, k, o->seed, fld);
		put_scale_row(&json, fc ? &csv : NULL, fld);
		if (json.n >= (1u << 20)) {
			bytes += json.n;
			flush_out(fj, o->out, &json);
		}
		if (csv.n >= (1u << 20))
			flush_out(fc, o->csv, &csv);
	}
	bytes += json.n;
	flush_out(fj, o->out, &json);
	close_out(fj, o->out);
	if (fc) {
		flush_out(fc, o->csv, &csv);
		close_out(fc, o->csv);
	}
	printf("%s: %llu rows from %zu source rows, %zu bytes (%.0f per row)\n", o->out, o->n, src.n,
	       bytes, (double)bytes / (double)o->n);
	for (size_t i = 0; i < src.n; i++)
		for (int f = 0; f < 3; f++)
			free(src.rows[i].f[f]);
	free(src.rows);
	free(src.spots);
	for (int f = 0; f < 3; f++)
		free(fld[f].p);
	free(json.p);
	free(csv.p);
	return 0;
}

/* ==== command line ================================================================== */

static void
usage(FILE *f)
{
	fputs("usage: gen_samples DIR\n"
	      "           write the bundled sample datasets and DIR/defects.tsv\n"
	      "       gen_samples --scale N --from PATH --out OUT.jsonl [--csv OUT.csv] [--seed S]\n"
	      "           write N Alpaca JSONL rows varied from the Alpaca JSON array at PATH,\n"
	      "           and the same rows as RFC 4180 CSV (instruction,input,output)\n", f);
}

static bool
parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	if (!(*s >= '0' && *s <= '9'))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* NULL when the options are complete, else what is wrong with them. */
static const char *
parse_scale(int argc, char **argv, struct scale_opts *o)
{
	bool have_n = false;

	for (int i = 1; i < argc; i += 2) {
		const char *opt = argv[i], *val;

		if (i + 1 >= argc)
			return "an option is missing its value";
		val = argv[i + 1];
		if (!strcmp(opt, "--scale")) {
			if (!parse_u64(val, &o->n) || o->n == 0 || o->n > 1000000000ULL)
				return "--scale needs a row count from 1 to 1000000000";
			have_n = true;
		} else if (!strcmp(opt, "--seed")) {
			if (!parse_u64(val, &o->seed))
				return "--seed needs a non-negative integer";
		} else if (!strcmp(opt, "--from")) {
			o->from = val;
		} else if (!strcmp(opt, "--out")) {
			o->out = val;
		} else if (!strcmp(opt, "--csv")) {
			o->csv = val;
		} else {
			return "unknown option";
		}
	}
	if (!have_n || !o->from || !o->out)
		return "--scale, --from and --out are required";
	return NULL;
}

int
main(int argc, char **argv)
{
	struct scale_opts o = {.seed = 1};
	const char *err;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && argv[1][0] != '-')
		return cmd_samples(argv[1]);
	if (argc < 2 || (err = parse_scale(argc, argv, &o))) {
		fprintf(stderr, "gen_samples: %s\n", argc < 2 ? "missing arguments" : err);
		usage(stderr);
		return 2;
	}
	return cmd_scale(&o);
}
