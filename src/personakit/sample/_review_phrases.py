"""What people write in reviews of the club and of two competitors, per planted topic.

A topic is something a segment (or a competitor's customers) writes about, praised or
criticised: ``(topic, sentiment)`` keys a bank of sentences that share the subject, not
the wording. Slots ({weg}, {land}, {stad}, {minuten}) vary the details.
"""

from __future__ import annotations

Bank = dict[tuple[str, str], tuple[str, ...]]

# The club's reviews: per segment, the topics its members write about.
SEGMENT_TOPICS: dict[str, tuple[tuple[str, str, float], ...]] = {
    # (topic, sentiment, weight)
    "digitale_forens": (("app", "pos", 0.3), ("app", "neg", 0.3), ("snelheid", "pos", 0.2),
                        ("laden_ev", "pos", 0.1), ("laden_ev", "neg", 0.1)),
    "gezinsplanner": (("vervangend_vervoer", "neg", 0.35), ("prijs_gezin", "neg", 0.25),
                      ("kinderen", "pos", 0.25), ("vervangend_vervoer", "pos", 0.15)),
    "kostenbewuste_senior": (("telefonisch", "neg", 0.3), ("prijsstijging", "neg", 0.3),
                             ("wegenwacht_vriendelijk", "pos", 0.3),
                             ("telefonisch", "pos", 0.1)),
    "europa_reiziger": (("buitenland", "pos", 0.4), ("kosten_achteraf", "neg", 0.3),
                        ("buitenland", "neg", 0.15), ("reisinfo", "pos", 0.15)),
    "stadse_starter": (("fietsservice", "pos", 0.35), ("opzeggen", "neg", 0.3),
                       ("chat", "pos", 0.2), ("fietsservice", "neg", 0.15)),
}
# Topics anyone writes about, now and then.
GENERAL_TOPICS = (("wachttijd", "neg", 0.5), ("monteur_vakkundig", "pos", 0.5))
GENERAL_SHARE = 0.15

CLUB: Bank = {
    ("app", "pos"): (
        "Pech gemeld via de app, binnen twintig minuten stond de wegenwacht naast me.",
        "De app werkt echt perfect, je ziet precies waar de monteur is.",
        "Super handig dat je alles in de app kunt regelen, ook je ledenpas.",
        "Met drie tikken in de app pech gemeld, makkelijker kan niet.",
        "Fijn dat je in de app live kunt volgen wanneer de hulp er is.",
        "De nieuwe app is een flinke verbetering, alles is overzichtelijk.",
        "Via de app ging het melden razendsnel, geen wachtmuziek.",
    ),
    ("app", "neg"): (
        "De app crasht elke keer als ik wil inloggen, na de laatste update nog erger.",
        "Na de update moest ik weer opnieuw inloggen en mijn wachtwoord werkte niet.",
        "App liep vast terwijl ik met pech op de vluchtstrook stond. Niet te doen.",
        "Inloggen met gezichtsherkenning werkt al weken niet in de app.",
        "Je kunt je pakket niet in de app wijzigen, daarvoor moet je alsnog bellen.",
        "De app geeft aan dat de monteur onderweg is maar er gebeurt niks.",
        "Facturen downloaden in de app lukt niet, je blijft naar een laadrondje kijken.",
    ),
    ("snelheid", "pos"): (
        "Stond in de spits stil op de {weg} en binnen een half uur reed ik weer.",
        "Razendsnel geholpen, op tijd op mijn werk gekomen.",
        "Binnen {minuten} minuten was er iemand, dat had ik niet verwacht in de ochtendspits.",
        "Snelle service, precies wat je wilt als je elke dag moet forenzen.",
        "Ze waren er sneller dan de app aangaf, top.",
    ),
    ("laden_ev", "pos"): (
        "Mijn elektrische auto was leeg en ze kwamen met een mobiele lader, geweldig.",
        "Goede hulp bij mijn EV, de monteur wist precies wat hij deed.",
        "Laadhulp voor mijn elektrische auto snel geregeld.",
        "Eindelijk een pechhulp die verstand heeft van elektrisch rijden.",
    ),
    ("laden_ev", "neg"): (
        "De monteur had geen idee wat hij met mijn elektrische auto moest doen.",
        "Ze konden mijn EV niet opladen en moesten hem wegslepen, {minuten} minuten verloren.",
        "Voor elektrische auto's zijn ze nog niet goed voorbereid.",
        "Geen laadhulp beschikbaar, alleen een sleepwagen. Voor een EV is dat teleurstellend.",
    ),
    ("vervangend_vervoer", "neg"): (
        "Vervangende auto was veel te klein, de kinderzitjes pasten er niet in.",
        "Met twee kinderen kregen we een mini als vervangend vervoer, echt onhandig.",
        "We moesten zelf een taxi regelen omdat er geen gezinsauto beschikbaar was.",
        "Vervangend vervoer duurde een halve dag, met de kinderen langs de kant van de weg.",
        "Geen plek voor de kinderwagen in de vervangende auto. Slecht geregeld.",
        "Het vervangend vervoer was een tweezitter, terwijl wij met z'n vijven zijn.",
    ),
    ("vervangend_vervoer", "pos"): (
        "Netjes een ruime vervangende auto gekregen, met plek voor de kinderzitjes.",
        "Vervangend vervoer was snel geregeld, de vakantie met het gezin kon gewoon door.",
        "Ze dachten zelf mee over een gezinsauto als vervanging, heel fijn.",
        "Binnen een uur een vervangende auto waar het hele gezin in paste.",
    ),
    ("prijs_gezin", "neg"): (
        "Het gezinslidmaatschap is weer duurder geworden zonder uitleg.",
        "Prijsverhoging van het gezinspakket stond nergens aangekondigd.",
        "Voor een gezin wordt het echt te duur, elk jaar gaat er weer wat bij.",
        "Jammer dat het gezinslidmaatschap zoveel gestegen is, we gaan vergelijken.",
        "Met twee kinderen let je op je geld, en dan deze verhoging.",
    ),
    ("kinderen", "pos"): (
        "De monteur was zo lief voor onze kinderen, ze vonden het een avontuur.",
        "Hele gezin veilig thuisgebracht, heel fijn dat ze aan de kinderen dachten.",
        "Onze zoon mocht in de gele auto zitten, hij praat er nog over.",
        "Met een baby in de auto stonden we stil, ze gaven ons voorrang. Top.",
        "Rustig en geruststellend voor de kinderen, complimenten.",
    ),
    ("telefonisch", "neg"): (
        "Eindeloos in de wacht en drie keer doorverbonden voor ik iemand sprak.",
        "Je krijgt geen mens meer aan de lijn, alles moet via internet.",
        "Telefonisch onbereikbaar, eerst allemaal keuzemenu's en dan wordt de lijn verbroken.",
        "Ik heb geen computer en toch moet alles online. Schandalig voor oudere leden.",
        "Ze verwezen me naar de app, maar ik heb geen smartphone.",
        "Het kantoor in {stad} is gesloten en telefonisch kom je er niet doorheen.",
    ),
    ("telefonisch", "pos"): (
        "Gelukkig nog gewoon een vriendelijke mevrouw aan de telefoon die alles regelde.",
        "Telefonisch goed geholpen, ze namen echt de tijd voor me.",
        "Fijn dat je nog kunt bellen en een mens spreekt.",
    ),
    ("prijsstijging", "neg"): (
        "Alweer een prijsverhoging. Voor gepensioneerden is dit niet meer op te brengen.",
        "De contributie stijgt elk jaar, terwijl ik bijna niet meer rijd.",
        "Na {jaren} jaar lidmaatschap geen enkele korting meer voor trouwe leden.",
        "Te duur geworden voor wat ik eraan heb, ik overweeg op te zeggen.",
        "Prijs weer omhoog, van mijn AOW gaat dat niet meer.",
    ),
    ("wegenwacht_vriendelijk", "pos"): (
        "De wegenwacht was ontzettend vriendelijk en geduldig, echt een schat.",
        "Heel aardige monteur, legde alles rustig uit.",
        "Al {jaren} jaar lid en nog steeds even vriendelijk geholpen.",
        "Vriendelijke man die me ook nog naar huis heeft gebracht. Hartelijk dank.",
        "Wat een geduldige en behulpzame wegenwacht, zo hoort het.",
    ),
    ("buitenland", "pos"): (
        "Pech in {land} en binnen een uur geholpen, fantastisch geregeld.",
        "Onze camper ging kapot in {land}, ze regelden alles: garage, vervangend vervoer.",
        "Repatriëring van de auto helemaal verzorgd, wij konden met de trein terug.",
        "Hulp in het buitenland is uitstekend, iemand die gewoon Nederlands sprak.",
        "Caravan-as gebroken in {land}, binnen een dag weer op weg. Complimenten.",
        "Dankzij de Europa-dekking kon onze vakantie gewoon doorgaan.",
    ),
    ("buitenland", "neg"): (
        "Twee dagen wachten in {land} op hulp, niemand belde ons terug.",
        "De garage in {land} die ze regelden was onbetrouwbaar en veel te duur.",
        "Aan de telefoon in {land} verstond niemand me, slecht geregeld.",
        "Caravan bleef een week staan in {land}, de vakantie was voorbij.",
    ),
    ("kosten_achteraf", "neg"): (
        "Terugbetaling van de kosten in het buitenland duurt al maanden.",
        "Alle bonnetjes moest ik per post opsturen, en nog steeds niks terugbetaald.",
        "Eindeloos papierwerk achteraf, de hulp zelf was prima maar de afhandeling niet.",
        "Ze betwisten de rekening van de garage in {land}, terwijl ze die zelf regelden.",
        "De declaratie voor vervangend vervoer in {land} is na drie maanden nog niet betaald.",
    ),
    ("reisinfo", "pos"): (
        "De routeplanner en campingtips gebruik ik elk jaar, echt waardevol.",
        "Goede reisinformatie over tolwegen en vignetten, scheelt veel uitzoekwerk.",
        "Handige informatie over rijden in {land}, precies wat we nodig hadden.",
    ),
    ("fietsservice", "pos"): (
        "Lekke band in {stad}, binnen een kwartier geplakt. Top fietsservice!",
        "Fietsservice is echt handig, mijn e-bike werd ter plekke gerepareerd.",
        "Ik heb geen auto, maar de fietshulp is alleen al het lidmaatschap waard.",
        "Ketting eraf en slot kapot, ze hebben me keurig geholpen.",
        "Snelle hulp bij mijn bakfiets, echt een aanrader voor fietsers.",
    ),
    ("fietsservice", "neg"): (
        "Een uur in de regen gewacht op fietshulp, dat had ik niet verwacht.",
        "De fietsservice kon mijn e-bike niet maken en nam hem ook niet mee.",
        "Fietshulp is alleen in de stad, daarbuiten sta je gewoon stil.",
    ),
    ("opzeggen", "neg"): (
        "Opzeggen kan alleen per brief, hoe ouderwets is dat.",
        "Vast aan een jaarcontract terwijl ik verhuis naar het buitenland.",
        "Maandelijks opzegbaar zou eerlijker zijn, nu betaal ik een jaar voor niks.",
        "Ik wilde stoppen maar moest eerst drie keer bellen, echt irritant.",
        "Automatisch verlengd zonder melding, en opzeggen kan pas volgend jaar.",
    ),
    ("chat", "pos"): (
        "Via de chat binnen twee minuten antwoord, zo hoort klantenservice.",
        "Chat reageert snel en vriendelijk, geen gedoe met bellen.",
        "Mijn vraag over de fietsdekking was via de chat zo opgelost.",
        "Fijn dat je gewoon kunt chatten, ik bel nooit.",
    ),
    ("wachttijd", "neg"): (
        "Meer dan {minuten} minuten gewacht langs de snelweg, veel te lang.",
        "De wachttijd was veel langer dan beloofd.",
        "Anderhalf uur wachten op de vluchtstrook, niet acceptabel.",
        "Lange wachttijd en geen update over wanneer ze zouden komen.",
    ),
    ("monteur_vakkundig", "pos"): (
        "Vakkundige monteur, probleem ter plekke opgelost.",
        "De wegenwacht wist precies wat er mis was, binnen tien minuten gemaakt.",
        "Professioneel geholpen, accu vervangen en weer door.",
        "Kundige man, legde uit wat er aan de hand was en loste het op.",
    ),
}

# A few reviews are in English (expats, tourists): (topic, sentiment) -> sentences.
ENGLISH: Bank = {
    ("app", "pos"): ("Reported my breakdown in the app and help arrived within twenty minutes.",
                     "Great app, you can see exactly where the mechanic is."),
    ("app", "neg"): ("The app keeps crashing when I try to log in since the last update.",
                     "Could not change my plan in the app, I had to call them anyway."),
    ("buitenland", "pos"): ("Broke down in {land} and they sorted everything within an hour.",
                            "Excellent help abroad, the caravan was fixed the next day."),
    ("wachttijd", "neg"): ("Waited more than an hour on the hard shoulder, far too long.",
                           "The waiting time was much longer than they promised."),
    ("monteur_vakkundig", "pos"): ("The mechanic knew exactly what was wrong and fixed it.",
                                   "Very professional, battery replaced on the spot."),
    ("fietsservice", "pos"): ("Flat tyre fixed within fifteen minutes, great bike service.",
                              "I don't own a car but the bike service alone is worth it."),
    ("opzeggen", "neg"): ("Cancelling is only possible by letter, how old-fashioned is that.",
                          "Stuck in a yearly contract while I am moving abroad."),
}
ENGLISH_SHARE = 0.05

COMPETITORS: dict[str, dict[str, object]] = {
    "Wegwijs Pechhulp": {
        "source": "recensies_wegwijs",
        "topics": (("goedkoop", "pos", 0.3), ("lange_wachttijd", "neg", 0.3),
                   ("onbereikbaar", "neg", 0.2), ("verborgen_kosten", "neg", 0.2)),
    },
    "RijVrij": {
        "source": "recensies_rijvrij",
        "topics": (("app_top", "pos", 0.35), ("snel_in_de_stad", "pos", 0.2),
                   ("buitenland_slecht", "neg", 0.25), ("geen_mens", "neg", 0.2)),
    },
}
COMPETITOR_BANK: Bank = {
    ("goedkoop", "pos"): (
        "Voor deze prijs kun je niet klagen, de helft van wat ik eerst betaalde.",
        "Goedkoopste pechhulp die ik kon vinden en het werkt prima.",
        "Prima prijs-kwaliteitverhouding, geen poespas.",
        "Overgestapt vanwege de prijs en nog geen spijt.",
        "Betaalbaar en ze komen gewoon, meer heb ik niet nodig.",
    ),
    ("lange_wachttijd", "neg"): (
        "Drie uur gewacht op de {weg}, dan weet je waarom het zo goedkoop is.",
        "Wachttijd was belachelijk lang, twee uur in de kou.",
        "Ze zeiden een uur, het werden er bijna drie.",
        "Lang wachten langs de snelweg met een lege telefoon, nooit meer.",
        "Goedkoop maar je staat wel uren langs de kant.",
    ),
    ("onbereikbaar", "neg"): (
        "Telefonisch niet te bereiken, na veertig minuten opgehangen.",
        "Mail wordt niet beantwoord en de telefoon neemt niemand op.",
        "Klantenservice is onbereikbaar zodra je een vraag hebt.",
        "Geen chat, geen app, en de telefoon gaat eindeloos over.",
    ),
    ("verborgen_kosten", "neg"): (
        "Achteraf toch nog een rekening voor het wegslepen, dat stond nergens.",
        "Verrassing: extra kosten voor hulp na zes uur 's avonds.",
        "Goedkoop abonnement, maar elke hulp kost extra. Lees de kleine lettertjes.",
        "Het slepen naar de garage werd apart gefactureerd, {bedrag} euro.",
    ),
    ("app_top", "pos"): (
        "Beste app die ik ken, pech melden gaat in een paar seconden.",
        "Alles via de app, abonnement wijzigen, facturen, hulp. Perfect.",
        "Super app, je ziet live waar de hulp is.",
        "Eindelijk een pechhulp die snapt dat je alles op je telefoon wilt.",
        "De app is snel en overzichtelijk, geen gedoe.",
    ),
    ("snel_in_de_stad", "pos"): (
        "In {stad} waren ze binnen een kwartier bij me.",
        "Razendsnel in de stad, ook met de scooter.",
        "Snelle hulp in de stad, geen lange wachttijd.",
    ),
    ("buitenland_slecht", "neg"): (
        "In {land} konden ze niks voor me doen, ik moest zelf een garage zoeken.",
        "Dekking in het buitenland stelt niks voor, alleen in Nederland goed.",
        "Met pech in {land} kregen we alleen een telefoonnummer van een lokale garage.",
        "Buiten Nederland ben je op jezelf aangewezen, slecht.",
    ),
    ("geen_mens", "neg"): (
        "Je kunt nergens een mens spreken, alleen een chatbot.",
        "Bij een probleem dat niet in de app past, sta je met lege handen.",
        "Geen telefoonnummer te vinden, alleen een chatbot die niks snapt.",
        "Als de app het niet doet, heb je geen enkele andere manier om ze te bereiken.",
    ),
}
OPENERS = ("Al {jaren} jaar lid.", "Eerste keer dat ik ze nodig had.", "Vorige week pech gehad.",
           "Gisteren met pech gestaan.", "Review na {jaren} jaar.", "Kort verhaal:",
           "Eindelijk tijd voor een review.", "Wat een ervaring.")
CLOSERS = {
    "pos": ("Aanrader!", "Top!", "Dank jullie wel!", "Ga zo door.", "Dikke vijf sterren.",
            "Tevreden klant.", "Hartelijk bedankt.", "Zeker een aanrader."),
    "neg": ("Jammer.", "Nooit meer.", "Ik ga opzeggen.", "Doe er wat aan.",
            "Teleurgesteld.", "Echt zonde.", "Zeer ontevreden.", "Dit moet beter."),
}
SHORT = {"pos": ("Top service!", "Prima geholpen.", "Snel en vriendelijk.", "Aanrader."),
         "neg": ("Slechte service.", "Nooit meer.", "Teleurgesteld.", "Waardeloos.")}
SLOTS: dict[str, tuple[str, ...]] = {
    "weg": ("A2", "A12", "A4", "A28", "A1", "A10", "A27", "A58"),
    "land": ("Frankrijk", "Italië", "Oostenrijk", "Spanje", "Duitsland", "Zwitserland",
             "Kroatië", "Noorwegen", "België"),
    "stad": ("Amsterdam", "Utrecht", "Rotterdam", "Den Haag", "Groningen", "Eindhoven",
             "Nijmegen", "Leiden"),
    "minuten": ("vijftig", "zestig", "negentig", "vijfenzeventig", "honderd"),
    "jaren": ("5", "8", "10", "12", "15", "20", "25", "30"),
    "bedrag": ("95", "120", "145", "180", "210"),
}
# Personal data in reviews: a mechanic thanked by name, a number to call back.
PII_SENTENCES: dict[str, tuple[str, ...]] = {
    "name": ("Speciale dank aan monteur {value}!", "Complimenten voor {value} van de chat.",
             "{value} aan de telefoon was heel behulpzaam."),
    "phone": ("Bel me maar op {value} als jullie dit lezen.",
              "Nog steeds geen reactie op {value}, bel me terug!"),
    "email": ("Reageer gerust via {value}.", "Mijn mail {value} is nooit beantwoord."),
    "iban": ("Geld graag terug op {value}.",),
}
