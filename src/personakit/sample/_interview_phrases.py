"""What members say in interviews, per hidden segment and per canvas aspect, in spoken Dutch.

Each (segment, aspect) is one planted topic: the answers about it share their subject but
not their wording. Answers are built from a few of these sentences, with fillers,
hesitations and asides (see ``_interviews.py``), so no two interviews read alike.
"""

from __future__ import annotations

ASPECTS = ("goal", "frustration", "barrier", "objection", "driver")

# The interviewer's questions per aspect, and the small talk that opens an interview.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "intro": (
        "Hoe lang bent u al lid van de club?",
        "Kunt u iets over uzelf vertellen, en hoe u bij ons terecht bent gekomen?",
        "Fijn dat u tijd heeft. Hoe gebruikt u het lidmaatschap zoal?",
        "Om te beginnen: sinds wanneer bent u lid?",
    ),
    "goal": (
        "Wat wilt u vooral bereiken met uw lidmaatschap?",
        "Waar is het lidmaatschap voor u eigenlijk voor?",
        "Wat moet de club in elk geval voor u regelen?",
        "Als u één ding mocht noemen dat wij goed moeten doen, wat is dat dan?",
        "Waarom bent u destijds lid geworden?",
    ),
    "frustration": (
        "Wat ergert u weleens aan ons?",
        "Waar loopt u tegenaan in het contact met de club?",
        "Kunt u een moment noemen waarop het misging?",
        "Wat vond u de laatste keer minder prettig?",
        "Is er iets wat u echt dwarszit?",
    ),
    "barrier": (
        "Wat houdt u tegen om meer met ons te doen?",
        "Is er iets wat het lastig maakt om iets bij ons te regelen?",
        "Waar haakt u af als u iets wilt aanpassen?",
        "Wat maakt het moeilijk om de diensten te gebruiken?",
    ),
    "objection": (
        "Heeft u weleens overwogen om op te zeggen?",
        "Wat zou een reden zijn om over te stappen naar een ander?",
        "Wat vindt u van de prijs?",
        "Kijkt u weleens naar andere aanbieders?",
    ),
    "driver": (
        "Waar wordt u blij van als het om de club gaat?",
        "Wat maakt dat u lid blijft?",
        "Wat zou u aan een vriend vertellen over de club?",
        "Welk moment is u echt bijgebleven?",
        "Wat waardeert u het meest?",
    ),
    "close": (
        "Heeft u nog iets toe te voegen?",
        "Is er nog iets wat ik had moeten vragen?",
    ),
}

# The topic each (segment, aspect) plants: the truth the themes are measured against.
TOPICS: dict[str, dict[str, str]] = {
    "digitale_forens": {"goal": "zelf_regelen_app", "frustration": "app_storingen",
                        "barrier": "bellen_verplicht", "objection": "concurrent_app",
                        "driver": "live_volgen"},
    "gezinsplanner": {"goal": "gezin_zekerheid", "frustration": "vervangend_vervoer",
                      "barrier": "voorwaarden_onduidelijk", "objection": "prijs_gezin",
                      "driver": "alles_in_een"},
    "kostenbewuste_senior": {"goal": "persoonlijk_contact", "frustration": "alles_digitaal",
                             "barrier": "digitale_drempel", "objection": "prijs_pensioen",
                             "driver": "trouw_vertrouwd"},
    "europa_reiziger": {"goal": "hulp_buitenland", "frustration": "afhandeling_buitenland",
                        "barrier": "dekking_caravan", "objection": "reisverzekering_prijs",
                        "driver": "vakantie_doorgaan"},
    "stadse_starter": {"goal": "fietshulp", "frustration": "flexibiliteit",
                       "barrier": "autoclub_imago", "objection": "prijs_gebruik",
                       "driver": "chat_duurzaam"},
}

ANSWERS: dict[str, dict[str, tuple[str, ...]]] = {
    "digitale_forens": {
        "intro": (
            "Een jaar of {jaren}, ik werd lid toen ik mijn eerste leaseauto kreeg.",
            "Sinds ik elke dag naar {stad} rijd voor mijn werk, dus al best lang.",
            "Ik denk {jaren} jaar, ik heb het ooit in de app afgesloten en nooit meer naar "
            "gekeken.",
        ),
        "goal": (
            "Ik wil het gewoon zelf kunnen regelen, in de app, zonder iemand te hoeven bellen.",
            "Als ik stilsta op de {weg} wil ik binnen een paar tikken pech melden en verder niks.",
            "Voor mij draait het om tijd. Zo snel mogelijk weer rijden, daar betaal ik voor.",
            "Alles op één plek in mijn telefoon: ledenpas, facturen, pechhulp.",
            "Zekerheid dat ik op tijd op kantoor ben, ook als de {auto} het een keer laat afweten.",
            "Ik regel mijn hele leven via apps, dus dat verwacht ik van jullie ook.",
        ),
        "frustration": (
            "Na elke update moet ik opnieuw inloggen, en gezichtsherkenning werkt dan niet meer.",
            "De app liep vast precies op het moment dat ik pech had, dat was echt balen.",
            "In de spits duurde het bijna {minuten} minuten voor er iemand kwam, terwijl de app "
            "zei dat het twintig minuten zou zijn.",
            "Ik kreeg drie keer een melding dat de monteur er bijna was, en toen nog een half uur "
            "niks.",
            "Soms laadt het scherm met facturen gewoon niet, dan zie je alleen een draaiend "
            "rondje.",
            "De app vergeet mijn kenteken, dan moet ik het elke keer opnieuw invullen.",
        ),
        "barrier": (
            "Mijn pakket wijzigen kan niet in de app, dan moet je bellen, en daar heb ik geen zin "
            "in.",
            "Voor het toevoegen van een tweede auto moest ik een formulier printen, in deze tijd.",
            "Ik wilde mijn betaalgegevens aanpassen maar dat kon alleen telefonisch tijdens "
            "kantooruren.",
            "Als ik iets wil veranderen en het kan niet online, dan laat ik het meestal gewoon "
            "zitten.",
            "Die wachtrij aan de telefoon, daar begin ik niet aan tussen twee meetings door.",
        ),
        "objection": (
            "Een collega zit bij RijVrij en die doet alles via de app, dat is wel aantrekkelijk.",
            "Als jullie niet sneller zijn dan de rest, waarom zou ik dan meer betalen?",
            "Mijn lease dekt eigenlijk al pechhulp, dus ik twijfel weleens of ik dit nog nodig "
            "heb.",
            "Ik heb de apps van andere aanbieders bekeken en die zien er eerlijk gezegd moderner "
            "uit.",
            "Zodra de app nog een keer faalt als ik hem nodig heb, ben ik weg.",
        ),
        "driver": (
            "Dat je live kunt zien waar de monteur is, dat vind ik echt top.",
            "Laatst was mijn elektrische auto leeg en ze regelden een laadhulp binnen een half "
            "uur.",
            "Die pushmelding dat de wegenwacht eraan komt geeft rust, dan weet je waar je aan toe "
            "bent.",
            "De chat reageert snel, ik hoef nooit in de wacht.",
            "Ik vind het fijn dat alles digitaal gaat, geen papier, geen gedoe.",
            "Eén keer een lekke band op de {weg} en binnen een kwartier stond er iemand. Dat "
            "vergeet je niet.",
        ),
    },
    "gezinsplanner": {
        "intro": (
            "Al {jaren} jaar, eerst alleen, nu met het hele gezin erbij.",
            "We zijn lid geworden toen onze oudste geboren werd, dus een jaar of {jaren}.",
            "Mijn ouders waren al lid, dus ik eigenlijk ook altijd.",
        ),
        "goal": (
            "Dat het hele gezin gedekt is, ook als mijn partner met de kinderen onderweg is.",
            "Rust. Met twee kinderen achterin wil je niet uren langs de weg staan.",
            "Ik wil gewoon weten dat het geregeld is als we met de caravan naar {land} gaan.",
            "Zekerheid voor ons allemaal, dat is waarom we het hebben.",
            "Dat de kinderen veilig thuiskomen, daar gaat het uiteindelijk om.",
            "Eén lidmaatschap voor beide auto's en het hele gezin, dat scheelt gedoe.",
        ),
        "frustration": (
            "Het vervangende vervoer was een klein autootje, daar pasten de kinderzitjes niet "
            "eens in.",
            "Ik hing {minuten} minuten in de wacht met een huilende peuter op schoot, dat is niet "
            "te doen.",
            "Na de pech moesten we zelf een taxi regelen omdat de vervangende auto te klein was.",
            "Een mail over onze factuur bleef een week onbeantwoord.",
            "We stonden met z'n vieren langs de {weg} en niemand kon zeggen hoe lang het ging "
            "duren.",
            "Dat je bij vervangend vervoer nooit weet of er plek is voor een gezin, dat stoort me.",
        ),
        "barrier": (
            "Op de website kon ik de voorwaarden van de reisverzekering gewoon niet vinden.",
            "Ik wilde onze jongste toevoegen aan het lidmaatschap maar dat kon niet online.",
            "Het is me echt niet duidelijk wat wel en niet gedekt is als mijn man met mijn auto "
            "rijdt.",
            "Al die pakketten en opties, ik zie door de bomen het bos niet meer.",
            "Ik wil rustig kunnen vergelijken voordat ik iets kies, maar de website is zo "
            "onoverzichtelijk.",
        ),
        "objection": (
            "De prijs van het gezinslidmaatschap is weer gestegen, en niemand legt uit waarom.",
            "Met twee kinderen let je op elke euro, dus die verhoging deed wel pijn.",
            "Mijn zus heeft een goedkopere pechhulp via haar verzekeraar, daar denk ik weleens "
            "aan.",
            "Als de prijs nog een keer zo omhoog gaat, gaan we echt vergelijken.",
            "Laat ons het dan vooraf weten als het duurder wordt, niet pas op de factuur.",
        ),
        "driver": (
            "Dat de reisverzekering en de wegenhulp samen in één lidmaatschap zitten, dat vind ik "
            "ideaal.",
            "De monteur was zo lief tegen de kinderen, mijn dochter praat er nog steeds over.",
            "Die tips over autostoeltjes en veilig rijden op de website gebruik ik echt.",
            "Alles in één keer geregeld, dat is voor een druk gezin goud waard.",
            "Duidelijke mails vooraf zodat ik weet wat ik kan verwachten, daar word ik blij van.",
            "Vorige zomer in {land} hadden we pech en binnen een dag reden we weer, met de "
            "kinderen, zonder stress.",
        ),
    },
    "kostenbewuste_senior": {
        "intro": (
            "Al meer dan {jaren} jaar, mijn man en ik zijn samen lid geworden.",
            "Oh, al heel lang. Sinds mijn eerste Kever, zeg maar.",
            "Ik denk wel {jaren} jaar. Mijn vader was ook al lid.",
        ),
        "goal": (
            "Dat ik gewoon iemand aan de telefoon krijg als er iets is.",
            "Een persoonlijk gesprek, met een computer praten vind ik niks.",
            "Dat ik geholpen word door een mens die de tijd neemt, en niet door een menu met "
            "toetsen.",
            "Zekerheid dat er iemand komt als mijn auto weer eens niet start, hij is niet meer de "
            "jongste.",
            "Ik wil dat het gewoon betaalbaar blijft, en dat ik weet waar ik aan toe ben.",
            "Mijn man regelde dit altijd. Nu doe ik het zelf, en dan is een vriendelijke stem "
            "fijn.",
        ),
        "frustration": (
            "Alles moet tegenwoordig via internet, daar kan ik niet mee overweg.",
            "Ik werd drie keer doorverbonden voordat ik iemand sprak, en toen was de verbinding "
            "weg.",
            "Ze zeiden dat ik het maar in de app moest doen. Welke app?",
            "De factuur komt alleen nog per mail, maar ik heb helemaal geen e-mail.",
            "Die brief over de nieuwe voorwaarden was in zulke kleine letters, ik kon het niet "
            "lezen.",
            "Eerst allemaal keuzes met toetsen, druk op één, druk op twee, ik word er moe van.",
        ),
        "barrier": (
            "Die app snap ik niet, mijn kleinzoon moest me helpen met inloggen.",
            "Het kantoor in {stad} is dicht, nu moet ik helemaal naar de stad reizen.",
            "Ik durf niet zomaar iets aan te klikken op de website, straks heb ik iets afgesloten.",
            "Als ik iets wil regelen moet ik wachten tot mijn dochter langskomt met haar laptop.",
            "Ik heb geen smartphone, dus al die codes via sms werken voor mij niet.",
        ),
        "objection": (
            "De prijs is weer gestegen, mijn pensioen wordt niet hoger.",
            "Ik rijd bijna niet meer, dus waarom zou ik het volle pakket betalen?",
            "Mijn buurman zegt dat het bij Wegwijs Pechhulp de helft kost.",
            "Als de kortingen voor trouwe leden verdwijnen, dan stop ik ermee.",
            "Voor iemand van mijn leeftijd wordt het gewoon te duur.",
        ),
        "driver": (
            "Ik ben al zo lang lid, het is vertrouwd, ik ken niet anders.",
            "De wegenwacht was zo vriendelijk, hij heeft zelfs even een kop koffie met me "
            "gedronken.",
            "De mensen aan de balie in {stad} kenden me bij naam, dat mis ik nu wel.",
            "Als ik bel en er neemt iemand op die geduld heeft, dan ben ik tevreden.",
            "Dat ik de factuur op papier krijg, dan kan ik het bijhouden in mijn map.",
            "Vertrouwen, dat is het. Ik weet dat ze komen.",
        ),
    },
    "europa_reiziger": {
        "intro": (
            "Al {jaren} jaar, vooral vanwege de Europa-dekking.",
            "Sinds we de camper hebben, dus een jaar of {jaren}.",
            "Heel lang al. We reizen elk jaar een paar maanden rond.",
        ),
        "goal": (
            "Dat ik overal in Europa geholpen word, ook in de bergen in {land}.",
            "Vrijheid om te reizen zonder me zorgen te maken over wat er onderweg gebeurt.",
            "Pechhulp in het buitenland, daar heb ik het eigenlijk voor.",
            "Dat er iemand is die de taal spreekt als je in {land} met pech langs de weg staat.",
            "We trekken rond met de caravan, dan wil je weten dat het goed zit als er iets "
            "misgaat.",
            "Voor mij is het een soort reisgarantie, zo zie ik het.",
        ),
        "frustration": (
            "De garage in {land} die ze regelden rekende veel te veel, en niemand controleerde "
            "dat.",
            "Het terugkrijgen van de kosten achteraf duurde maanden, met eindeloos papierwerk.",
            "Aan de telefoon in {land} kreeg ik iemand die me niet verstond, dat was frustrerend.",
            "We stonden twee dagen op een camping te wachten op een onderdeel, zonder dat iemand "
            "belde.",
            "Ik moest alle bonnetjes opsturen per post, terwijl ik ze al had gefotografeerd.",
            "De hulp kwam wel, maar de afhandeling daarna was een drama.",
        ),
        "barrier": (
            "Het is niet duidelijk of de caravan ook gedekt is als de auto kapot is.",
            "Bij de camper wist niemand of die onder het pakket viel, ik kreeg drie verschillende "
            "antwoorden.",
            "De voorwaarden voor het buitenland zijn zo ingewikkeld dat ik het maar niet lees.",
            "Of een aanhanger meetelt, of een fietsendrager, daar krijg je nergens een helder "
            "antwoord op.",
            "Ik wilde vooraf weten wat er gebeurt bij pech buiten de EU, maar dat stond nergens.",
        ),
        "objection": (
            "Mijn reisverzekering via de bank is goedkoper, dus ik twijfel aan die van jullie.",
            "Als ik het optel betaal ik het dubbele voor dekking die ik al elders heb.",
            "Een kennis heeft een doorlopende reisverzekering die ook pechhulp dekt, voor minder "
            "geld.",
            "Ik vind het Europa-pakket aan de prijs, zeker als je het een jaar niet gebruikt.",
            "Als ze die afhandeling niet verbeteren, dan ga ik wel eens rondkijken.",
        ),
        "driver": (
            "Vorig jaar in {land} regelden ze vervangend vervoer, zodat de vakantie gewoon "
            "doorging.",
            "Repatriëring van de auto, dat is echt een zorg minder.",
            "De reisinformatie en de tips voor campings gebruik ik elk jaar.",
            "Binnen een uur hulp in de Alpen, ik kon het bijna niet geloven.",
            "Het gevoel dat je overal terecht kunt, dat geeft echt vrijheid.",
            "Die monteur in {land} sprak zelfs een paar woorden Nederlands, heel fijn geregeld.",
        ),
    },
    "stadse_starter": {
        "intro": (
            "Pas sinds vorig jaar, toen ik in {stad} ging wonen.",
            "Een jaar of twee, ik heb het afgesloten voor mijn e-bike.",
            "Nog niet zo lang, eigenlijk via een actie voor studenten.",
        ),
        "goal": (
            "Hulp bij een lekke band, ik fiets overal naartoe in {stad}.",
            "Dat mijn e-bike gedekt is, die was best duur.",
            "Ik heb geen auto, dus vooral de fietsservice, en dat het goedkoop blijft.",
            "Dat ik ook geholpen word als ik een deelauto huur voor een weekendje weg.",
            "Gewoon zorgeloos door de stad kunnen, met de fiets of de scooter.",
            "Snelle hulp zonder gedoe, meer hoef ik niet.",
        ),
        "frustration": (
            "Ik zit vast aan een jaarcontract, terwijl ik niet eens weet waar ik volgend jaar "
            "woon.",
            "Opzeggen kan alleen per brief of telefoon, dat voelt echt ouderwets.",
            "Ik wilde het maandelijks betalen maar dat kon niet, alleen per jaar.",
            "Toen ik verhuisde moest ik alles opnieuw doorgeven, drie keer.",
            "Het duurde een uur voordat iemand mijn fiets kwam ophalen, in de regen.",
            "Waarom kan ik niet gewoon per maand stoppen als ik het niet nodig heb?",
        ),
        "barrier": (
            "Het voelt een beetje als een club voor mensen met een auto, niet voor mij.",
            "Op de website gaat alles over auto's, de fietsservice moest ik echt zoeken.",
            "Mijn vrienden denken dat het iets voor hun ouders is, eerlijk gezegd dacht ik dat "
            "ook.",
            "Die folders met caravans en campers, daar herken ik me niet in.",
            "Ik wist niet eens dat jullie ook fietsers helpen, dat had ik nergens gezien.",
        ),
        "objection": (
            "Voor een paar lekke banden per jaar vind ik het eigenlijk te duur.",
            "Bij de fietsenmaker om de hoek is een abonnement goedkoper.",
            "Ik gebruik het bijna nooit, dus ik vraag me af of het de moeite waard is.",
            "Zodra de studentenkorting stopt, zeg ik het denk ik op.",
            "Als ik het per keer kon betalen zou ik het liever zo doen.",
        ),
        "driver": (
            "Via de chat had ik binnen twee minuten antwoord, dat vond ik echt goed.",
            "Dat jullie inzetten op duurzaam reizen spreekt me aan.",
            "De korting op fietsonderhoud is eerlijk gezegd waarom ik lid ben.",
            "Alles in de app, geen gedoe, zo hoort het.",
            "Mijn band werd ter plekke geplakt, ik was binnen een kwartier weer op weg.",
            "Die deelauto-dekking is handig, dan hoef ik zelf geen auto te hebben.",
        ),
    },
}

# Spoken fillers and asides: how people talk, not what they say.
OPENERS = ("Nou, ", "Eh, ", "Ja, ", "Kijk, ", "Tja, ", "Goh, ", "Eerlijk gezegd: ",
           "Hm, even denken. ", "Ja nee, ", "Nou kijk, ", "Weet je, ", "Goede vraag. ")
ASIDES = ("Hoe zal ik het zeggen.", "Ja.", "(lacht)", "Echt waar.", "Snapt u?",
          "Dat is het eigenlijk.", "Maar goed.", "Zo zit het wel.", "Dat meen ik.",
          "Ik overdrijf niet.", "Ja, echt.", "Zo voelt het in elk geval.")
CLOSINGS = (
    "Nee, ik denk dat ik alles wel gezegd heb.",
    "Alleen dat ik het fijn vind dat jullie het vragen.",
    "Nee hoor. Succes ermee.",
    "Ga zo door, maar luister wel naar mensen.",
    "Nou, dat was het wel zo'n beetje.",
    "Eigenlijk niet. Of ja, blijf het gewoon vragen aan mensen zoals ik.",
    "Nee. Het was leuk om erover te praten.",
    "Misschien dat jullie wat vaker iets van je laten horen, maar verder niet.",
    "Nee, dank u wel.",
)
SLOTS: dict[str, tuple[str, ...]] = {
    "weg": ("A2", "A12", "A4", "A28", "ring van {stad}", "A10", "A27", "N201"),
    "land": ("Frankrijk", "Italië", "Oostenrijk", "Spanje", "Duitsland", "Zwitserland",
             "Kroatië", "Noorwegen"),
    "auto": ("auto", "Golf", "Tesla", "Peugeot", "leaseauto", "Toyota", "Kia"),
    "jaren": ("twee", "vijf", "acht", "tien", "twaalf", "vijftien", "twintig", "dertig"),
    "minuten": ("vijftig", "zestig", "negentig", "veertig", "vijfenveertig"),
}
# Asides that carry personal data, as people let it slip in conversation.
PII_ASIDES: dict[str, tuple[str, ...]] = {
    "name": ("Mijn buurman {value} heeft me toen geholpen.",
             "Mijn partner, {value}, belde uiteindelijk zelf.",
             "U kunt gerust mijn dochter {value} ook spreken, zij weet er alles van.",
             "De monteur, ik geloof dat hij {value} heette, was heel vriendelijk."),
    "phone": ("Ze konden me niet bereiken op {value}, terwijl dat gewoon in het systeem staat.",
              "Bel me gerust nog eens, {value}, dat is mijn mobiel.",
              "Ik heb toen zelf gebeld vanaf {value} en kreeg een bandje."),
    "email": ("Ik heb het nog gemaild vanaf {value} maar nooit antwoord gekregen.",
              "Stuur het maar naar {value}, dan lees ik het wel.",
              "Mijn adres is {value}, daar kwam die enquête ook op binnen."),
    "iban": ("Het geld moest terug op {value}, maar dat duurde weken.",
             "Ze hebben twee keer afgeschreven van {value}, dat klopte natuurlijk niet."),
    "bsn": ("Ze vroegen zelfs om mijn BSN, {value}, waarom eigenlijk?",
            "Op dat formulier moest ik mijn burgerservicenummer invullen, {value}, raar toch?"),
    "address": ("Ik woon op {value}, de monteur kon het eerst niet vinden.",
                "Ze stuurden de brief naar {value}, maar daar woon ik al jaren niet meer."),
    "postcode": ("Mijn postcode is {value}, toch kwam de post niet aan.",
                 "De pechhulp stond op {value} in de navigatie, verkeerd dus."),
}
INTERVIEWERS = ("Anne Smit", "Rik Jansen", "Fatima el Idrissi", "Joost Bakker",
                "Marloes de Wit")
