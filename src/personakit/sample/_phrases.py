"""Phrase banks for open survey answers and support chats, in everyday Dutch.

Each segment has its own concerns; answers are built from 1-3 of its sentences, an optional
opening and closing, and slots ({land}, {stad}, {auto}, ...) so they read as people write.
"""

from __future__ import annotations

ORGANISATION = "Onderweg Mobiliteitsclub"

# Per segment (order of _segments.SEGMENTS): what matters most about the membership.
IMPORTANT: tuple[tuple[str, ...], ...] = (
    (
        "Dat ik alles snel in de app kan regelen, zonder te hoeven bellen.",
        "De app werkt gewoon goed, pech melden gaat in een paar tikken.",
        "Snelle hulp onderweg, ik rijd elke dag naar mijn werk over de {weg}.",
        "Dat de wegenwacht er snel is als ik in de spits stil sta.",
        "Alles digitaal: facturen, ledenpas en pechhulp in één app.",
        "Dat mijn elektrische auto ook goed geholpen wordt, laadpas erbij is handig.",
        "Ik wil niet wachten. Zo snel mogelijk weer rijden, daar betaal ik voor.",
        "Live zien waar de monteur is, dat vind ik echt top.",
        "Geen gedoe met formulieren, gewoon online regelen.",
        "Zekerheid dat ik op tijd op mijn werk kom, ook als de {auto} het begeeft.",
        "De chat reageert snel, dan hoef ik niet in de wacht.",
        "Dat het Compleet-pakket alles dekt, dan hoef ik nergens over na te denken.",
    ),
    (
        "Dat het hele gezin gedekt is, ook als mijn partner met de kinderen op pad is.",
        "Rust. Met twee kinderen achterin wil je niet urenlang langs de weg staan.",
        "Dat er ook aan vervangend vervoer wordt gedacht, met een gezin kan dat niet anders.",
        "Goede informatie op de website, bijvoorbeeld over autostoeltjes en veilig rijden.",
        "De combinatie van wegenhulp en reisverzekering, dat scheelt een hoop geregel.",
        "Dat ik met één lidmaatschap beide auto's en de kinderen kan regelen.",
        "Op vakantie naar {land} met de caravan, dan wil je weten dat het goed zit.",
        "Duidelijke mails vooraf, zodat ik weet wat ik kan verwachten.",
        "Betrouwbaarheid. We rekenen erop dat de hulp er is als het nodig is.",
        "Het gezinslidmaatschap is voor ons echt de reden om lid te blijven.",
        "Dat ik op de website alles rustig kan vergelijken voordat ik iets kies.",
        "Dat de kinderen zich veilig voelen als er iets gebeurt, de monteur was lief tegen ze.",
    ),
    (
        "Dat ik gewoon iemand aan de telefoon krijg als er iets is.",
        "Ik ben al meer dan {jaren} jaar lid, het is vertrouwd.",
        "Een persoonlijk gesprek, met een computer praten vind ik niks.",
        "Dat het betaalbaar blijft. Mijn pensioen wordt niet hoger.",
        "Hulp bij pech, mijn auto is niet meer de jongste.",
        "Dat ik de factuur op papier krijg, dan kan ik het bijhouden.",
        "Vroeger was alles beter geregeld, maar de wegenwacht is nog steeds heel vriendelijk.",
        "Ik rijd niet veel meer, maar de zekerheid is prettig.",
        "De vriendelijke mensen aan de balie in {stad}.",
        "Dat de prijs niet elk jaar omhoog gaat, daar let ik wel op.",
        "Dat ze geduld hebben met mensen die niet zo handig zijn met internet.",
        "Mijn man regelde dit altijd, nu doe ik het zelf en dan is persoonlijk contact fijn.",
    ),
    (
        "Dat ik overal in Europa geholpen word, ook in de bergen in {land}.",
        "Pechhulp in het buitenland, we zijn elk jaar weken weg met de camper.",
        "Vorig jaar in {land} kregen we binnen een uur hulp, fantastisch geregeld.",
        "De reisverzekering en de Europa-dekking samen, dat geeft vrijheid.",
        "Repatriëring van de auto als het echt misgaat, daar heb ik het voor.",
        "Goede routes en tips voor campings, de reisinformatie gebruik ik veel.",
        "Dat er iemand is die de taal spreekt als je in {land} met pech staat.",
        "Vervangend vervoer in het buitenland, zodat de vakantie gewoon doorgaat.",
        "We trekken graag rond met de caravan, dan is caravanhulp onmisbaar.",
        "Dat ze in {land} een garage regelen die te vertrouwen is.",
        "Vrijheid om te reizen zonder zorgen over wat er onderweg kan gebeuren.",
        "Snelle afhandeling van de kosten achteraf, zonder eindeloos papierwerk.",
    ),
    (
        "Hulp bij een lekke band, ik fiets overal naartoe in {stad}.",
        "Dat het goedkoop is. Ik heb geen auto, dus ik wil niet te veel betalen.",
        "De fietsservice, ik sta niet graag met een kapotte fiets in de regen.",
        "Dat ik via de chat snel antwoord krijg.",
        "Flexibel opzegbaar, ik weet niet waar ik volgend jaar woon.",
        "Dat het ook geldt als ik een deelauto huur.",
        "Eerlijk gezegd vooral de korting op fietsonderhoud.",
        "Duurzaam reizen wordt steeds belangrijker, fijn dat jullie daar ook op inzetten.",
        "Geen gedoe, alles in de app.",
        "Dat mijn e-bike ook gedekt is, die was best duur.",
        "Ik ben net lid, maar de hulp bij mijn fiets was snel geregeld.",
        "Dat ik niet vastzit aan een lang contract.",
    ),
)

# Per segment: what should improve.
IMPROVE: tuple[tuple[str, ...], ...] = (
    (
        "De app loopt soms vast bij het inloggen, vooral na een update.",
        "Meer laadpalen-informatie in de app zou fijn zijn.",
        "Geef me een push-melding als de monteur er bijna is.",
        "Facturen in de app kunnen downloaden als pdf, nu moet dat via de website.",
        "Inloggen met gezichtsherkenning werkt niet altijd.",
        "Niet elke keer een enquête na contact, dat is echt te veel.",
        "De wachttijd tijdens de spits kan korter.",
        "Maak het mogelijk om het pakket in de app te wijzigen, nu moet je bellen.",
        "Betere hulp bij elektrische auto's, de monteur wist niet goed wat hij moest doen.",
        "Minder mails graag, ik lees ze toch niet.",
    ),
    (
        "De prijs van het gezinslidmaatschap stijgt wel hard, dat mag duidelijker uitgelegd.",
        "Het zou fijn zijn als ik de kinderen zelf online kan toevoegen.",
        "Vervangend vervoer met genoeg plek voor kinderzitjes, dat was nu een probleem.",
        "De website is onoverzichtelijk, ik kon de voorwaarden van de reisverzekering niet vinden.",
        "Soms duurt het lang voordat een mail beantwoord wordt.",
        "Een duidelijker overzicht van wat wel en niet gedekt is.",
        "Bij de telefoon moest ik lang wachten, met een huilende peuter is dat niet te doen.",
        "Laat ons vooraf weten als de prijs omhoog gaat.",
        "Meer tips voor de vakantie met kinderen, bijvoorbeeld over tolwegen en vignetten.",
        "De factuur was onduidelijk, ik zag niet waar het bedrag van {bedrag} vandaan kwam.",
    ),
    (
        "Alles moet tegenwoordig via internet, daar kan ik niet mee overweg.",
        "De prijs is weer gestegen, voor mij wordt het te duur.",
        "Ik wil gewoon een mens aan de lijn, niet eerst allemaal keuzes met toetsen.",
        "Stuur de factuur op papier, ik heb geen e-mail.",
        "Het kantoor in {stad} is gesloten, nu moet ik ver reizen.",
        "Laat de kortingen voor trouwe leden niet verdwijnen.",
        "De brief over de nieuwe voorwaarden was moeilijk te lezen, de letters waren te klein.",
        "Ik werd drie keer doorverbonden voordat ik iemand sprak.",
        "Die app snap ik niet, mijn kleinzoon moest me helpen.",
        "Na {jaren} jaar lidmaatschap mag er wel wat meer waardering zijn.",
    ),
    (
        "In {land} duurde het lang voordat er een sleepwagen kwam.",
        "De Engelstalige hulplijn was lastig, graag altijd een Nederlandstalige medewerker.",
        "Vergoeding van het hotel bij pech in het buitenland ging traag.",
        "Meer informatie over milieuzones in Europese steden.",
        "De dekking voor campers is onduidelijk, vooral boven de 3500 kilo.",
        "Het declareren van kosten achteraf kan veel eenvoudiger.",
        "Een app die ook offline werkt, in de bergen heb ik vaak geen bereik.",
        "De garage in {land} rekende veel te veel, daar had ik meer steun verwacht.",
        "Sneller een vervangende auto in het buitenland, we verloren twee vakantiedagen.",
        "Betere routeplanner voor caravans, met hellingen en smalle wegen.",
    ),
    (
        "Het mag goedkoper, zeker voor studenten.",
        "Ook hulp bij een deelscooter zou handig zijn.",
        "Maak opzeggen net zo makkelijk als aanmelden.",
        "De chat is soms pas na een uur beschikbaar.",
        "Meer aandacht voor duurzaam vervoer, niet alleen voor auto's.",
        "De fietsmonteur kwam pas na twee uur, toen was ik al te laat.",
        "Ik snap niet waarom ik een jaar vastzit.",
        "Korting als je met vrienden lid wordt.",
        "De app vraagt te veel gegevens bij het aanmelden.",
        "Geef studenten korting, dan blijf ik ook later lid.",
    ),
)

SHORT_ANSWERS = ("Niks", "Weet ik niet", "-", "Prima zo", "Geen idee", "Alles is goed",
                 "nvt", "Ga zo door!", "Geen opmerkingen", "Tevreden")
OPENERS = ("Eerlijk gezegd: ", "Voor mij: ", "Goede vraag. ", "Kort gezegd, ", "Nou, ",
           "Om eerlijk te zijn, ", "Eigenlijk ", "Zoals ik al vaker zei, ")
CLOSERS = ("Verder prima.", "Voor de rest ben ik tevreden.", "Ga zo door!",
           "Maar over het algemeen tevreden.", "Dat was het wel.", "Bedankt voor het vragen.")

SLOTS: dict[str, tuple[str, ...]] = {
    "land": ("Frankrijk", "Duitsland", "Spanje", "Italië", "Oostenrijk", "Zwitserland",
             "België", "Kroatië", "Noorwegen", "Portugal"),
    "weg": ("A2", "A4", "A12", "A13", "A27", "A28", "A1", "ring van Amsterdam"),
    "auto": ("Volkswagen Golf", "Toyota Yaris", "Tesla", "Kia Niro", "Opel Corsa", "Peugeot 208",
             "Skoda Octavia", "Volvo V60", "Renault Clio", "Hyundai Kona"),
    "bedrag": ("€ 149,00", "€ 219,00", "€ 289,00", "€ 65,00", "€ 45,50", "€ 312,40"),
    "jaren": ("twintig", "dertig", "veertig", "25", "35"),
    "plek": ("bij Lyon", "vlak na de Brenner", "bij München", "op de route du Soleil",
             "in de buurt van Barcelona", "bij Salzburg", "in de Ardennen", "bij Milaan"),
    "maand": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"),
}

# Chats: topic -> (customer lines per turn, agent lines per turn). A conversation takes
# turns in order: customer, agent, customer, agent, ... (3-8 messages).
CHAT_TOPICS: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]] = {
    "pech_buitenland": (
        (
            ("Hallo, wij staan met pech in {land}, {plek}. De auto wil niet meer starten.",
             "Help, onze camper is uitgevallen in {land}. Wat moeten we doen?",
             "Goedemiddag, we hebben motorpech {plek}, met caravan erachter."),
            ("We staan op een parkeerplaats langs de snelweg, iedereen is in orde.",
             "Het is een {auto}, er brandt een oranje lampje op het dashboard.",
             "We hebben Wegenhulp Europa, is dat genoeg?"),
            ("Hoe lang gaat het ongeveer duren?",
             "Wordt een hotel ook vergoed als het langer duurt?",
             "Kunnen we een vervangende auto krijgen? We moeten over drie dagen thuis zijn."),
            ("Dank u wel, heel fijn dat het zo snel geregeld wordt!",
             "Oké, we wachten hier. Dank!"),
        ),
        (
            ("Vervelend om te horen! Staat u op een veilige plek? Dan regel ik hulp ter plaatse.",
             "Wat naar. Ik schakel onze partner in {land} in, mag ik uw locatie delen via de app?"),
            ("U heeft Wegenhulp Europa, dus dit valt onder de dekking. Er komt een lokale "
             "hulpverlener naar u toe.",
             "Ik heb de melding aangemaakt onder dossiernummer PH-{dossier}."),
            ("De hulpverlener is er naar verwachting binnen 60 minuten. Als de reparatie langer "
             "dan een dag duurt, vergoeden wij een hotel.",
             "Een vervangende auto kan, ik zet het verzoek alvast klaar."),
            ("Graag gedaan, goede reis verder!",),
        ),
    ),
    "pech_nederland": (
        (
            ("Mijn auto start niet meer, ik sta in {stad}. Kan er iemand komen?",
             "Lekke band op de {weg}, ik heb geen reservewiel.",
             "Accu leeg denk ik, de {auto} doet helemaal niets meer."),
            ("Ik sta in een parkeergarage, is dat een probleem?",
             "Ik heb de kinderen bij me, hoe lang duurt het ongeveer?",
             "Er is geen bereik hier, ik stuur mijn locatie zo door."),
            ("Oké. Moet ik iets voorbereiden?", "Kan de monteur ook de accu vervangen?"),
            ("Super, dank je!", "Fijn, bedankt voor de snelle hulp."),
        ),
        (
            ("Vervelend! Ik maak direct een melding aan. Klopt het dat u op de locatie uit de "
             "app staat?", "Wat vervelend. Staat u veilig? Dan stuur ik een wegenwacht."),
            ("Geen probleem, de wegenwacht komt ook in parkeergarages. Verwachte aankomsttijd "
             "is ongeveer 45 minuten.", "De wegenwacht is onderweg, u ziet hem in de app."),
            ("De wegenwacht heeft een nieuwe accu bij zich, die kan hij ter plekke plaatsen.",
             "Zet uw gevarendriehoek neer als dat veilig kan."),
            ("Graag gedaan, sterkte en goede rit straks!",),
        ),
    ),
    "factuur": (
        (
            ("Ik heb een factuur gekregen van {bedrag}, maar dat klopt volgens mij niet.",
             "Waarom is mijn contributie dit jaar zo omhoog gegaan?",
             "Er is twee keer geïncasseerd in {maand}, kunt u dat terugdraaien?"),
            ("Ik heb geen extra opties afgesloten, dat weet ik zeker.",
             "Vorig jaar betaalde ik veel minder.", "Kunt u het bedrag terugstorten?"),
            ("Kan ik de factuur ook op papier krijgen?", "Dus wat moet ik nu betalen?"),
            ("Goed, dank u voor de uitleg.", "Oké, duidelijk. Bedankt."),
        ),
        (
            ("Ik kijk even met u mee. Mag ik uw klantnummer?",
             "Dat zoek ik voor u uit. Een moment alstublieft."),
            ("Ik zie dat de reisverzekering automatisch is verlengd, daardoor is het bedrag hoger.",
             "U heeft gelijk, er is per abuis twee keer geïncasseerd. Ik zet de terugboeking in "
             "gang, het bedrag staat binnen vijf werkdagen op uw rekening."),
            ("Natuurlijk, ik zet uw voorkeur op papieren post.",
             "U hoeft niets te doen, de correctie gaat automatisch."),
            ("Graag gedaan. Nog een fijne dag!",),
        ),
    ),
    "app_storing": (
        (
            ("De app crasht elke keer als ik wil inloggen.",
             "Ik kan mijn digitale ledenpas niet meer zien in de app.",
             "Na de update werkt pech melden in de app niet meer."),
            ("Ik heb een iPhone, de nieuwste versie.", "Al opnieuw geïnstalleerd, helpt niet.",
             "Android, Samsung. Ook al de cache gewist."),
            ("Wanneer is het opgelost? Ik heb hem dagelijks nodig.",
             "Kan ik in de tussentijd pech melden via de chat?"),
            ("Oké, ik wacht op de update. Bedankt.", "Top, dank je wel!"),
        ),
        (
            ("Vervelend! Er is een bekende storing na de laatste update, we werken eraan.",
             "Dank voor de melding. Welke telefoon en welke versie van de app gebruikt u?"),
            ("Dank u. Het probleem is bekend bij ons technische team.",
             "Probeert u eens uit te loggen en opnieuw in te loggen met de link uit de mail."),
            ("De verwachting is dat de update deze week beschikbaar is. Pech melden kan altijd "
             "via de chat of telefonisch.",),
            ("Graag gedaan en excuses voor het ongemak.",),
        ),
    ),
    "opzeggen": (
        (
            ("Ik wil mijn lidmaatschap opzeggen.", "Hoe kan ik opzeggen? Het wordt me te duur.",
             "Ik heb geen auto meer, dus ik wil stoppen."),
            ("Ik gebruik het bijna nooit.", "Het is gewoon te duur geworden.",
             "Ik verhuis naar het buitenland."),
            ("Nee, dank u, ik wil echt opzeggen.", "Hm, wat kost dat Basis-pakket dan?"),
            ("Goed, dan doen we dat.", "Oké, dank u."),
        ),
        (
            ("Jammer dat u wilt opzeggen! Mag ik vragen wat de reden is?",
             "Dat kan, ik help u graag. Mag ik vragen waarom u wilt stoppen?"),
            ("Begrijpelijk. Wist u dat het Basis-pakket een stuk goedkoper is? Dan houdt u wel "
             "hulp bij pech.", "Dank voor uw eerlijkheid. Ik kan u een korting van drie "
             "maanden aanbieden als u blijft."),
            ("Ik heb de opzegging verwerkt per het einde van de looptijd. U krijgt een "
             "bevestiging per mail.",),
            ("Dank u wel voor de jaren dat u lid was. Alle goeds!",),
        ),
    ),
    "lidmaatschap_wijzigen": (
        (
            ("Ik wil mijn partner en kinderen toevoegen aan mijn lidmaatschap.",
             "Kan ik overstappen naar Wegenhulp Europa? We gaan in de zomer naar {land}.",
             "We hebben een tweede auto, moet die apart?"),
            ("Wat kost dat extra per jaar?", "Gaat dat per direct in?"),
            ("Kan ik dat ook zelf online doen?", "Moet ik daarvoor iets ondertekenen?"),
            ("Prima, doe maar.", "Top, bedankt voor het regelen!"),
        ),
        (
            ("Dat kan zeker! Met het gezinslidmaatschap zijn alle gezinsleden op hetzelfde adres "
             "gedekt.", "Goed plan! Ik kijk even wat de mogelijkheden zijn."),
            ("Het gezinslidmaatschap kost € 45,00 per jaar extra.",
             "De overstap gaat per direct in, u betaalt alleen het verschil."),
            ("U kunt het ook zelf wijzigen via Mijn Onderweg op de website.",
             "U hoeft niets te ondertekenen, u krijgt een bevestiging per mail."),
            ("Graag gedaan. Een fijne vakantie alvast!",),
        ),
    ),
    "fietspech": (
        (
            ("Mijn ketting is eraf en ik sta in {stad}, kunnen jullie helpen?",
             "Lekke band, ik moet over een half uur op college zijn.",
             "Mijn e-bike doet het niet meer, de accu laadt niet."),
            ("Ik sta bij het station.", "Hoe lang gaat het duren?"),
            ("Kan ik de fiets ook ergens laten staan?", "Is dit gratis met mijn lidmaatschap?"),
            ("Nice, bedankt!", "Top, dank je!"),
        ),
        (
            ("Balen! Ik stuur een fietsmonteur naar je locatie.",
             "Vervelend! Deel je even je locatie via de app?"),
            ("De monteur is er binnen 40 minuten.", "De fietsmonteur is onderweg."),
            ("Reparatie ter plekke valt onder de Fietsservice, onderdelen betaal je zelf.",),
            ("Graag gedaan, succes vandaag!",),
        ),
    ),
    "reisverzekering": (
        (
            ("Is mijn bagage verzekerd als we met de camper door {land} reizen?",
             "Geldt de reisverzekering ook voor wintersport in {land}?",
             "Mijn telefoon is gestolen op vakantie, hoe dien ik een claim in?"),
            ("Ook als we langer dan 60 dagen weg zijn?", "Moet ik een aangifte meesturen?"),
            ("Kunt u de voorwaarden mailen?", "Hoe snel wordt het uitgekeerd?"),
            ("Dank je, dan weet ik genoeg.", "Helder, bedankt."),
        ),
        (
            ("Ik zoek het voor u op. Met de doorlopende reisverzekering bent u tot 180 dagen "
             "per reis gedekt.", "Goede vraag! Ik kijk even naar uw polis."),
            ("Ja, wintersport is meeverzekerd in uw pakket.",
             "Een aangifte van de politie ter plaatse is nodig voor diefstal."),
            ("Ik stuur de voorwaarden naar uw mailadres.",
             "Na ontvangst van alle stukken keren we binnen tien werkdagen uit."),
            ("Graag gedaan, fijne reis!",),
        ),
    ),
}
CHAT_TOPIC_NAMES = tuple(CHAT_TOPICS)
# Chance per topic (order of CHAT_TOPIC_NAMES) for each segment.
CHAT_TOPIC_P: tuple[tuple[float, ...], ...] = (
    (0.07, 0.15, 0.10, 0.35, 0.08, 0.10, 0.10, 0.05),
    (0.08, 0.20, 0.20, 0.07, 0.05, 0.25, 0.00, 0.15),
    (0.00, 0.25, 0.35, 0.10, 0.20, 0.05, 0.00, 0.05),
    (0.45, 0.12, 0.10, 0.05, 0.00, 0.08, 0.00, 0.20),
    (0.00, 0.00, 0.15, 0.20, 0.20, 0.10, 0.35, 0.00),
)

# Sentences that carry personal data; {value} is the planted item (recorded in _truth/).
PII_SENTENCES: dict[str, tuple[str, ...]] = {
    "name": ("Met vriendelijke groet, {value}", "Groetjes, {value}", "Mijn naam is {value}.",
             "Vraag gerust naar {value}."),
    "email": ("Mail me gerust op {value}.", "Mijn mailadres is {value}.",
              "Stuur het naar {value} alstublieft."),
    "phone": ("Bel me op {value}.", "Ik ben bereikbaar op {value}.",
              "Graag terugbellen op {value}."),
    "iban": ("Mijn rekeningnummer is {value}.", "Graag terugstorten op {value}.",
             "Het geld kan naar {value}."),
    "bsn": ("Ik had per ongeluk mijn BSN {value} op het formulier gezet.",
            "Moeten jullie mijn burgerservicenummer hebben? Dat is {value}.",
            "Mijn BSN is {value}, als dat nodig is."),
    "postcode": ("Ik woon op postcode {value}.", "Mijn adres: postcode {value}.",
                 "De auto staat bij mij voor de deur, postcode {value}."),
    "address": ("Ik woon op de {value}.", "Mijn adres is {value}.",
                "Stuur de brief naar {value}."),
}
PII_KINDS = tuple(PII_SENTENCES)
