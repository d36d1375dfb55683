# Builds mined-dev.json and mined-sealed.json from the adapted cases below.
# The dev/sealed split is fixed by a seeded shuffle chosen before any evaluation run.
import json, random

E112 = {"emergency": "112", "needs": ["emergency.medical"], "services_top3_any": ["hatanumero-112"], "services_top5_all": [], "lead_team_any": []}
E116 = {"emergency": "116117", "needs": ["emergency.on_call"], "services_top3_any": ["paivystysapu-116117"], "services_top5_all": [], "lead_team_any": []}

def ex(needs, top3, teams, top5=None, screen=None):
    d = {"emergency": None, "needs": needs, "services_top3_any": top3, "services_top5_all": top5 or [], "lead_team_any": teams}
    if screen: d["screen"] = screen
    return d

C = []
def add(text, lang, age, muni, expect, source):
    C.append({"text": text, "language": lang, "client": {"age": age, "municipality": muni, "language": lang}, "expect": expect, "source": source})

# ---------------- emergencies (112) ----------------
add("Miehellä alko puol tuntia sitten puristaa rintalastan takana ja se säteilee leukaperiin ja vasempaan käteen. Hiki valuu vaikka sillä on kylmä, eikä se saa kunnolla henkeä.",
    "fi", 61, "232", E112, "https://www.is.fi/hyvaolo/art-2000008765761.html")
add("Työkaveri piteli kahavihuonees ohimoitansa ja sano että pääs tuntuu ourolta ja näkö lähtee, sitte se rupes täriseen ja tuupertu pöytää vaste. Nyt se vaan korisee eikä vastaa mitään.",
    "fi", 45, "010", E112, "http://anneli81.vuodatus.net/lue/2008/06/poikkeustilanne-toissa")
add("Mies nukkuu lattialla eikä herää vaikka ravistan, hengitys on tosi hidasta ja huulet näyttää sinertäviltä. Illalla se otti jotain pillereitä ja joi päälle.",
    "fi", 29, "743", E112, "https://www.kansanuutiset.fi/artikkeli/4582466-huumekuolemien-jatkuva-kasvu-huolestuttaa-asiantuntijoita")
add("Kaveri veti bileissä jotain ja nyt se on ihan kalpee ja valahtaa kyljelleen, silmät ei aukee vaikka nostetaan istumaan. Hengitys kuulostaa tosi oudolta.",
    "fi", 17, "408", E112, "https://www.voice.fi/ilmiot/a-239575")
add("Kävelykadun penkillä istuu mies jotenkin oudossa asennossa, ei reagoi kun puhuttelen eikä kun tönin sen jalkaa. En nää hengittääkö se ollenkaan.",
    "fi", 50, "743", E112, "https://www.iltalehti.fi/kotimaa/a/e15d569a-1ab0-45f0-9fcb-1f43a824fed1")
add("Naapurista kuuluu taas huutoa, äiti karjuu lapselle että häivy silmistä, sitten kolahti kovaa ja lapsi itkee ihan hysteerisesti. Kuulostaa että siellä lyödään just nyt.",
    "fi", 6, "743", E112, "https://sobranna.postimees.ee/1055702/kahtlased-haaled-naaberkorteris")
add("My dad is suddenly talking slow and slurring his words, and his hands don't do what he tells them. He says his head is clear and he just wants to lie down.",
    "en", 67, "743", E112, "https://www.lifeto11.com/2024/06/07/what-a-week-dads-not-acting-right/")
add("Father in law mouth is droopy on one side since this morning and the words come more slurry than normal. He cannot keep both arms up.",
    "en", 88, "743", E112, "https://la-darnoire.com/blog/2014/08/19082014.html")
add("I have been saving my pills for weeks and tonight I'm going to take them all, the letters to my family are already written. A small part of me wonders what if I change my mind.",
    "en", 27, "743", E112, "https://www.overcomingsuicidalpain.com/home/have-you-made-a-plan-to-end-your-life-consider-this-first/")
add("I decided a while ago how I'm going to end it and I feel strangely calm now. I've been giving my stuff away and sorting my papers so it's easier for my family.",
    "en", 20, "743", E112, "https://themighty.com/topic/suicide/typical-day-decide-end-life-die-suicide/")
add("Farfar sitter i soffan och säger att det trycker i bröstet och strålar ut i vänstra armen och upp mot halsen. Han är kallsvettig och mår illa, det har hållit på en kvart nu.",
    "sv", 70, "545", E112, "https://www.rodakorset.fi/lar-dig-forsta-hjalpen/forsta-hjalpen-anvisningar/brostsmarta")

# ---------------- on-call (116117) ----------------
add("My period is so heavy today, I soak through a night pad every hour for five hours now and pass big clots. I got dizzy and almost fainted in the shower.",
    "en", 34, "743", E116, "https://www.allfitwell.com/signs-youre-losing-too-much-blood-during-period/")
add("Nukahdin eilen kännissä saunaan ja heräsin vasta aamulla, käsien iho on kuoriutunu isoina läikkinä ja sattuu ihan hirveesti. Kaveri käski soittaa johonkin.",
    "fi", 41, "300", E116, "https://www.iltalehti.fi/kotimaa/a/d9a8114d-8e12-4c16-bf05-975e88d3562d")

# ---------------- false-alarm traps (past or negated) ----------------
add("Last month my husband had a mini-stroke, his right arm went weak and his speech slurred, but he got treated fast and is doing well now. The hospital says he needs follow-up and maybe physio for his hand, who do we call?",
    "en", 62, "743", ex(["health.rehabilitation"], ["fysioterapia", "kuntoutusohjaus", "laakarin-vastaanotto"], ["sjk-kuntoutus", "sjk-vastaanotto"]),
    "http://bettermost.net/forum/index.php?topic=13511.16240")
add("Rintaan pistää välillä ja sydän tuntuu muljahtelevan, kestää pari sekuntia ja menee ohi kun vaihtaa asentoa. Ei oo hengenahdistusta eikä rasituksessa pahene, mut haluaisin että joku kattoo.",
    "fi", 39, "145", ex([], ["laakarin-vastaanotto", "hoitajan-vastaanotto", "digitaalinen-sote-keskus"], ["ilm-vastaanotto", "alue-digi"], screen="either"),
    "https://www.is.fi/hyvaolo/art-2000008765761.html")
add("Jag fick ont i bröstet för några veckor sen när jag gick uppför trappan, det släppte när jag stannade. Sen dess har jag inte haft några besvär, men jag vill få hjärtat undersökt.",
    "sv", 58, "287", ex([], ["laakarin-vastaanotto", "hoitajan-vastaanotto"], ["sve-vastaanotto"], screen="either"),
    "https://www.netdoktor.se/hjart-karlsjukdom/kranskarlssjukdomar/sjukdomar-2/karlkramp-angina-pectoris-nar-bor-jag-soka-hjalp/")
add("Jag har hjärtsvikt och blev lite andfådd i trapporna i veckan, men ingen bröstsmärta och svullnaden i benen har inte ökat. Vill bara att någon kollar mina mediciner och blodtrycket.",
    "sv", 66, "287", ex(["health.chronic_followup"], ["pitkaaikaissairauksien-vastaanotto", "laakarin-vastaanotto", "hoitajan-vastaanotto"], ["sve-vastaanotto"]),
    "https://www.heartfailurematters.org/sv_SE/Varningstecken/chest-pain")
add("My dad died after a big stroke three years ago and I'm scared the same will happen to my mom, she has high blood pressure. How can she get it checked regularly?",
    "en", 66, "743", ex(["health.chronic_followup"], ["pitkaaikaissairauksien-vastaanotto", "laakarin-vastaanotto", "hoitajan-vastaanotto"], ["sjk-vastaanotto"]),
    "https://becosfamilymatters.blogspot.com/2012/06/recognizing-stroke-symptoms.html")
add("När jag var liten såg jag mammas kille slå henne så hon föll på sängen. Nu har jag egna barn och får panik när jag tänker på det, jag skulle behöva prata med någon.",
    "sv", 35, "545", ex(["mental.mild"], ["mielenterveyden-matalan-kynnyksen-palvelu", "lyhytterapiat"], ["sve-mtp"]),
    "http://amatterofchance.blogspot.com/2012/03/min-mamma.html")
add("For weeks I've had this heaviness in my chest that won't go away, I clench my teeth all night and dream horrible things. Everything feels foggy and I can't decide anything.",
    "en", 31, "743", ex(["mental.mild"], ["mielenterveyden-matalan-kynnyksen-palvelu", "lyhytterapiat"], ["sjk-mtp"], screen="either"),
    "http://madamemanumus.blogspot.com/2017/07/the-blues-life-updates.html")

# ---------------- mental health, thoughts of death (screen) ----------------
add("Since we come to Finland everything is difficult, I cry often and have no appetite. Doctors find nothing wrong with me, the benefits are not enough even for bus card, and this life does not seem worth living.",
    "en", 44, "743", ex(["mental.mild"], ["mielenterveyden-matalan-kynnyksen-palvelu", "lyhytterapiat", "kriisipuhelin", "aikuissosiaalityo"], ["sjk-mtp", "sjk-sosiaalityo"], screen="required"),
    "https://mosaiikki.info/psykologi_fi.php?id=sopeutumisvaikeudet_en")
add("I've thought about killing myself on and off for decades, most days I don't really want to be alive. I've never made a plan or tried anything, I just need someone to talk to who isn't family.",
    "en", 52, "743", ex(["mental.mild"], ["mielenterveyden-matalan-kynnyksen-palvelu", "kriisipuhelin", "lyhytterapiat"], ["sjk-mtp"], screen="required"),
    "https://blackholeradiation.com/xx-suicide")
add("Musta tuntuu et mä oon taakka kaikille ja ne pärjäis paremmin ilman mua. En oo tehny mitään, mut se ajatus tulee joka ilta ku meen nukkumaan.",
    "fi", 15, "408", ex(["mental.youth"], ["nuorisoasema", "sekasin-chat", "kriisipuhelin"], ["alue-nuorisoasema"], screen="required"),
    "https://talkaboutmydemons.wordpress.com/2016/08/14/what-to-do-if-you-want-to-end-your-life/")

# ---------------- debt, money, food ----------------
add("Aivoverenvuodon jälkeen työt loppu ja tuli ero, talo on maksettavana ja laskut menee ulosottoon. Ulosotto vie pienestä tulosta yli puolet, toimeentulotukea ei aina saa ja joka päivä on taistelua että saa ruokaa.",
    "fi", 54, "989", ex(["social.debt", "social.income"], ["velkaneuvonta", "taydentava-toimeentulotuki", "aikuissosiaalityo"], ["kuu-sosiaalityo"]),
    "https://ulosotto.net/")
add("Jag vågar inte ens öppna posten längre, det är bara inkassobrev och påminnelser. Jag har lån på lån och lönen räcker inte till.",
    "sv", 28, "287", ex(["social.debt"], ["velkaneuvonta"], [], top5=["velkaneuvonta"]),
    "https://deladinkunskap.kronofogden.se/fordjupning/overskuldsattning/sa-har-kan-du-stodja")
add("Opintotuki ja asumislisä, ja kun vuokra on maksettu jää jotain 500 e kuussa eikä se riitä mihinkään. Kävin ekaa kertaa ruoka-avussa ja hävetti ihan hirveesti.",
    "fi", 21, "743", ex(["social.income"], ["taydentava-toimeentulotuki", "aikuissosiaalityo"], ["sjk-sosiaalityo"]),
    "https://yle.fi/uutiset/3-10599701?origin=rss")
add("Eläke ei riitä kuun loppuun, kaks viikkoo seuraavaan eläkepäivään ja jääkaappi on tyhjä. Lääkkeetkin pitäis hakea apteekista.",
    "fi", 78, "408", ex(["social.income"], ["taydentava-toimeentulotuki", "aikuissosiaalityo"], ["ilm-sosiaalityo"]),
    "https://demokraatti.fi/leipajonot-pitenevat-taas-ruoka-avun-tarve-kasvaa")
add("Kela stop my payments and I have no money for food for me and my two kids. I go to the bread queue but it is not enough, what can I do?",
    "en", 35, "743", ex(["social.income"], ["taydentava-toimeentulotuki", "aikuissosiaalityo"], ["sjk-sosiaalityo"]),
    "https://www.iltalehti.fi/kotimaa/a/df92ea0b-9059-4196-938f-4d6f99e6ce1c")
add("Oon työkyvyttömyyseläkkeellä, ja vuokran ja lääkkeiden jälkeen ei jää juuri mitään. Käyn ruokapankissa kaks kertaa viikossa jo monta vuotta.",
    "fi", 58, "099", ex(["social.income"], ["taydentava-toimeentulotuki", "aikuissosiaalityo"], ["suu-sosiaalityo"]),
    "https://yle.fi/uutiset/3-10599701?origin=rss")

# ---------------- gambling and substances ----------------
add("Murrin jalan ja sairauslomalla aloin pelaamaan netissä, nyt pelaan ulkomaisilla kasinoilla kännykällä aamusta iltaan ja velkaa on kertyny. En saa lopetettua.",
    "fi", 49, "846", ex(["substance.gambling", "social.debt"], ["paihde-ja-riippuvuuspalvelut", "peluuri", "velkaneuvonta"], ["suu-mtp"]),
    "https://yle.fi/uutiset/3-11499940?origin=rss")
add("Sähköt katkastiin kun laskut jäi maksamatta, ja silti mä laitan viimisen kympin automaattiin enkä ruokaan. Vuokrakin on jo rästissä.",
    "fi", 38, "300", ex(["substance.gambling", "social.income"], ["paihde-ja-riippuvuuspalvelut", "peluuri", "taydentava-toimeentulotuki", "aikuissosiaalityo"], ["kuu-mtp", "kuu-sosiaalityo", "alue-palveluohjaus"]),
    "https://www.karjalainen.fi/uutiset/uutis-alueet/kotimaa/item/160896-taskussa-on-viimeinen-kymppi-peliriippuvainen-valitsee-mieluummin-naelaen-ja-haeaetoeuhan")
add("Poikaystävä tunnusti et on pelannu puhelimella tuhansia euroja kuussa ja ottanu pikavippejä, ja mä oon maksanu koko vuokran omista säästöistä. Miten mä voin auttaa sitä ja itteäni?",
    "fi", 22, "743", ex(["substance.family_member"], ["paihde-ja-riippuvuuspalvelut", "peluuri", "nuorisoasema"], ["sjk-mtp", "alue-nuorisoasema"]),
    "https://www.iltalehti.fi/rakkausjaseksiartikkelit/201808132201129372_rk.shtml")
add("Min man har stått vid spelautomaterna i köpcentret i över en vecka nästan utan att sova, han kommer bara hem när ingen annan är hemma. Barnen frågar var pappa är.",
    "sv", 40, "545", ex(["substance.family_member"], ["paihde-ja-riippuvuuspalvelut", "peluuri"], ["sve-mtp"]),
    "https://yle.fi/a/3-8979847")
add("Löysin tyttären puhelimesta viestejä joissa puhutaan hapoista, subuista ja lyricasta. Se on ollu viime aikoina tokkurainen ja sanoo että se johtuu ahdistuslääkkeistä.",
    "fi", 16, "791", ex(["substance.drugs"], ["nuorisoasema", "paihde-ja-riippuvuuspalvelut"], ["alue-nuorisoasema"], screen="either"),
    "https://www.talentia-lehti.fi/kannabista-12-vuotiaana/")
add("Poika istuu koneella yöt ja huone haisee pilveltä, koulu jäi kesken ja kaverit vaihtu. Ei puhu meille enää mitään.",
    "fi", 17, "218", ex(["substance.drugs"], ["nuorisoasema", "paihde-ja-riippuvuuspalvelut", "perheneuvola"], ["alue-nuorisoasema", "suu-perhekeskus"]),
    "https://www.iltalehti.fi/uutiset/a/201703192200088024")

# ---------------- loneliness ----------------
add("I've lived here five years and still have no local friends, I keep wondering what is wrong with me and why nobody likes me. Most evenings I'm just alone in my flat.",
    "en", 29, "743", ex(["social.loneliness"], ["ystavatoiminta", "mielenterveyden-matalan-kynnyksen-palvelu", "aikuissosiaalityo"], ["sjk-mtp", "sjk-sosiaalityo"]),
    "https://ylioppilaslehti.fi/2010/10/x-patriate-where-is-the-love/")
add("Näkö on menny niin huonoks etten pääse enää kerhoihin. Avustaja käy aamupäivisin lämmittään ruuan, mut iltapäivät ja illat on pitkiä ja hiljasia, kaipaisin juttukaveria.",
    "fi", 79, "232", ex(["social.loneliness"], ["ystavatoiminta", "ikakeskus", "aikuissosiaalityo"], ["suu-ikakeskus", "suu-sosiaalityo"]),
    "https://yle.fi/uutiset/3-11839902?origin=rss")
add("Vaimo kuoli viistoista vuotta sitten ja siitä asti oon asunu yksin, lapset ei käy. Syksyllä kun sen kuolinpäivä lähestyy menee ihan mustaks ja tekee mieli mennä haudalle keskellä yötä.",
    "fi", 81, "145", ex(["social.loneliness"], ["ystavatoiminta", "ikakeskus", "mielenterveyden-matalan-kynnyksen-palvelu"], ["ilm-ikakeskus", "ilm-mtp"]),
    "https://www.iltalehti.fi/kotimaa/66e46734-2d75-4fe0-a2b0-e0360feb1d26_u0.shtml")
add("Jäin eläkkeelle ja mies on kuollu, lapsia ei oo. Saattaa mennä monta päivää viikossa etten puhu kenenkään kanssa.",
    "fi", 65, "743", ex(["social.loneliness"], ["ystavatoiminta", "aikuissosiaalityo", "ikakeskus"], ["sjk-sosiaalityo", "sjk-ikakeskus"]),
    "https://www.mtvuutiset.fi/artikkeli/yhteiset-elakepaivat-jaivat-haaveeksi-kun-puoliso-kuoli-elli-jai-elakkeelle-leskena-yksinolo-iski-vasten-kasvoja/8984940")
add("Förr ringde jag min väninna när jag var pratsjuk, men nu är hon död och jag har ingen att ringa längre. De är borta allihopa.",
    "sv", 91, "287", ex(["social.loneliness"], ["ystavatoiminta", "ikakeskus"], ["sve-ikakeskus", "sve-sosiaalityo"]),
    "https://nyadagbladet.se/inrikes/300-000-lever-i-ensamhet-i-sverige/")
add("Efter en lång tid på sjukhuset kom jag hem och bekantskapskretsen har krympt. Jag travar bara hit och dit för att få dagarna att gå.",
    "sv", 77, "545", ex(["social.loneliness"], ["ystavatoiminta", "ikakeskus"], ["sve-ikakeskus", "sve-sosiaalityo"]),
    "https://www.expressen.se/nyheter/over-halften-av-aldre-kanner-sig-ensamma/")
add("Eläke on niin pieni ettei oo varaa lähtee mihinkään, kieltäydyn kaikesta mihin kaverit pyytää, ja sitten oon aina yksin.",
    "fi", 68, "989", ex(["social.loneliness"], ["ystavatoiminta", "aikuissosiaalityo", "taydentava-toimeentulotuki"], ["kuu-sosiaalityo"]),
    "https://9pdf.co/document/zwvwm82v-ik%C3%A4%C3%A4ntyvien-naisten-kokema-yksin%C3%A4isyys-n%C3%A4kym%C3%A4.html")

# ---------------- ageing parent, memory, carers ----------------
add("Mamma vågar inte gå ut själv längre, hon ser och hör dåligt och glömmer det hon just sagt. Ingen ringer henne utom vi barn och dagarna går i lägenheten.",
    "sv", 84, "287", ex(["health.memory"], ["muistihoitaja", "ikakeskus"], ["sve-ikakeskus"]),
    "https://www.spfseniorerna.se/distrikt/bohusdistriktet/foreningslista/stenungsundsbygden/utbildningar/tillsammans-mot-ensamhet/")
add("Pappa har demens och går ut på nätterna, ringer på grannarnas dörr och bankar på fönstren. Han bor ensam och vi har fått höra att ett boende dröjer flera månader.",
    "sv", 90, "545", ex(["elderly.service_need"], ["ikakeskus", "kotihoito", "muistihoitaja"], ["sve-ikakeskus"]),
    "https://www.svt.se/nyheter/lokalt/skane/mannen-far-nu-plats-pa-demensboende")
add("Mamma ringer tio gånger om dagen med ångest och påstår att ingen mat har kommit på flera dagar. Jag jobbar heltid och orkar snart inte mer.",
    "sv", 82, "287", ex(["elderly.service_need"], ["ikakeskus", "kotihoito", "ateriapalvelu", "omaishoidon-tuki"], ["sve-ikakeskus"]),
    "https://www.jocce.link/press/2019/7/9/att-bli-frlder-till-sin-frlder")
add("Äiti on 89 ja muistisairas, naapurit soitti taas että se oli harhaillu metässä marjassa. Itte se sanoo ettei eksyny, se meni aivan täydellä järiellä, eikä suostu pitään turvaranneketta.",
    "fi", 89, "010", ex(["elderly.service_need"], ["ikakeskus", "turvapuhelin", "muistihoitaja", "kotihoito"], ["kuu-ikakeskus", "alue-turvapalvelut"]),
    "https://9pdf.co/document/q052vj03-muistisairaan-ihmisen-kokemukset-teknologiasta-osana-turvaa-tunkeilevuutta-n%C3%A4kym%C3%A4.html")
add("Isä on muistisairas ja kompastelee kotona, viime viikolla se kaatu matolla ja pelkää nyt kävellä. Asuu yksin.",
    "fi", 83, "300", ex(["elderly.falls"], ["ikakeskus", "fysioterapia", "turvapuhelin"], ["kuu-ikakeskus", "kuu-kuntoutus", "alue-turvapalvelut"]),
    "https://www.mtvuutiset.fi/artikkeli/muistisairaus-haastaa-laheiset-tallainen-koti-on-turvallinen/9242562")
add("Töissä on alkanu unohtua palaverit ja salasanat, ja kollegat on jo huomauttanu. Oon vasta 56, voiko tää olla jotain muistisairautta?",
    "fi", 56, "743", ex(["health.memory"], ["muistihoitaja", "laakarin-vastaanotto"], ["sjk-ikakeskus", "sjk-vastaanotto"]),
    "https://palvelupolku.khshp.fi/huoli-muistin-muutoksesta/")
add("Jag har skött min man hemma i fem år sen han fick demensdiagnosen. Det tär på mig, jag sover dåligt och har inte haft en ledig dag på månader.",
    "sv", 80, "545", ex(["elderly.carer_support"], ["omaishoidon-tuki"], ["sve-ikakeskus"], top5=["omaishoidon-tuki"]),
    "https://www.sn.dk/hoeje-taastrup-kommune/mens-erik-langsomt-forsvinder-passer-grethe-ham/")
add("Mies on muistisairas ja valavoo öisin, kyselöö koko ajan mihin lähetähän. Mä en oo nukkunu kunnolla kuukausiin ja rahaakin menee, en tiä kauanko tätä jaksaa.",
    "fi", 72, "743", ex(["elderly.carer_support"], ["omaishoidon-tuki", "omaishoitajayhdistys", "muistiyhdistys"], ["sjk-ikakeskus"], screen="either"),
    "https://happylibnet.com/doc/1094425/marianne-nurmi-andamp%3B-mira-vaaranmaa-muistisairasta-l%C3%A4heis...")

# ---------------- children ----------------
add("Seinän takaa kuuluu melkein joka viikko kun vanhemmat huutaa sille pienelle ja joskus se itkee pitkään. En oo nähny mitään, en tiedä pitäiskö tehdä jotain.",
    "fi", 6, "145", ex(["family.child_protection"], ["lastensuojelu", "sosiaalipaivystys"], ["alue-lastensuojelu", "alue-sosiaalipaivystys"], screen="either"),
    "https://sobranna.postimees.ee/1055702/kahtlased-haaled-naaberkorteris")
add("Tyttö täytti kaks ja sanoja on vaan muutama, eikä ne muodostu lauseiksi. Ymmärtää kyllä kun pyytää hakemaan kengät.",
    "fi", 2, "846", ex(["health.child_development"], ["lasten-puheterapia", "lastenneuvola"], ["suu-perhekeskus"]),
    "https://www.vauva.fi/artikkeli/vanhemmuus/kaksivuotias-ei-puhu-pitaako-huolestua-asiantuntija-kertoo-milloin-syyta")
add("Pari kuukautta sitten olin huolissani kun puhetta ei tullu, mut nyt se sanoo jo kaksisanaisia lauseita. Neuvolassa sovittiin kontrollipuhelu, tarviiko sitä vielä?",
    "fi", 2, "791", ex(["health.child_development"], ["lastenneuvola", "lasten-puheterapia"], ["kuu-perhekeskus"]),
    "https://www.aiteentunnustuksia.com/all-articles/tags/ensimmäiset-sanat")
add("Vår pojke är ett och ett halvt och säger inga ord, han pekar inte heller och det är svårt att få ögonkontakt med honom. Hörseln kollades när han var nyfödd.",
    "sv", 1, "545", ex(["health.child_development"], ["lasten-puheterapia", "lastenneuvola"], ["sve-perhekeskus"]),
    "https://osallisuudenkoordinaatio.fi/?p=4168")
add("Lapsella on flunssa ja silmätulehdus, silmät rähmii aamulla kiinni. Vähän lämpöä, muuten leikkii ihan normaalisti.",
    "fi", 4, "010", ex(["health.acute_minor"], ["laakarin-vastaanotto", "hoitajan-vastaanotto", "digitaalinen-sote-keskus"], ["kuu-vastaanotto", "alue-digi"]),
    "https://www.huonoaiti.fi/naapurit-ei-niita-oikein-voi-listiakaan/")

# ---------------- other health ----------------
add("Kuukautiset on ollu viimeset puol vuotta tosi runsaat, side pitää vaihtaa parin tunnin välein ja oon koko ajan väsyny. Kukaan ei oo kysyny asiasta.",
    "fi", 42, "300", ex([], ["laakarin-vastaanotto", "hoitajan-vastaanotto", "digitaalinen-sote-keskus"], ["kuu-vastaanotto", "alue-digi"]),
    "https://letstalkperiod.ca/having-to-change-protection-more-than-every-hour/")
add("Herään joka yö kolmelta enkä saa enää unta, ja päivällä nuokun tuolissa. Onko tähän mitään muuta kuin pillerit?",
    "fi", 74, "145", ex([], ["elintapaohjaus", "laakarin-vastaanotto", "hoitajan-vastaanotto", "mielenterveyden-matalan-kynnyksen-palvelu"], ["ilm-vastaanotto", "ilm-kuntoutus", "ilm-mtp"]),
    "https://www.terve.fi/artikkelit/40716-unettomuus-vanhemmalla-ialla")

# ---------------- split (seed fixed before any run) ----------------
rng = random.Random(20261206)
idx = list(range(len(C)))
rng.shuffle(idx)
n_sealed = round(len(C) / 3)
sealed_idx = set(idx[:n_sealed])
dev, sealed = [], []
for i, c in enumerate(C):
    (sealed if i in sealed_idx else dev).append(c)
def write(path, setname, prefix, cases):
    out = []
    for k, c in enumerate(cases, 1):
        out.append({"id": f"{prefix}-{k:03d}", **c})
    json.dump({"version": 1, "set": setname, "cases": out}, open(path, "w"), ensure_ascii=False, indent=1)
write("/work/main/eval/mined-dev.json", "mined-dev", "mdev", dev)
write("/work/main/eval/mined-sealed.json", "mined-sealed", "msealed", sealed)
print(len(C), len(dev), len(sealed))
