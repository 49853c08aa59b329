"""Fixed reference data: Dutch places, street names and the names people carry.

Real municipalities with their province, CBS urbanity class (1 = very strongly urban …
5 = not urban), the first two digits of their postcodes and their telephone area code, so a
generated address hangs together (a Rotterdam postcode starts with 30, its landline with 010).
"""

from __future__ import annotations

# (city, province, urbanity 1-5, postcode prefixes "lo-hi" (2 digits), area code, weight)
CITIES: tuple[tuple[str, str, int, int, int, str, int], ...] = (
    ("Amsterdam", "Noord-Holland", 1, 10, 11, "020", 930),
    ("Rotterdam", "Zuid-Holland", 1, 30, 30, "010", 660),
    ("'s-Gravenhage", "Zuid-Holland", 1, 25, 25, "070", 560),
    ("Utrecht", "Utrecht", 1, 35, 35, "030", 370),
    ("Eindhoven", "Noord-Brabant", 1, 56, 56, "040", 240),
    ("Groningen", "Groningen", 1, 97, 97, "050", 240),
    ("Haarlem", "Noord-Holland", 1, 20, 20, "023", 165),
    ("Leiden", "Zuid-Holland", 1, 23, 23, "071", 127),
    ("Delft", "Zuid-Holland", 1, 26, 26, "015", 105),
    ("Schiedam", "Zuid-Holland", 1, 31, 31, "010", 80),
    ("Tilburg", "Noord-Brabant", 2, 50, 50, "013", 225),
    ("Almere", "Flevoland", 2, 13, 13, "036", 220),
    ("Breda", "Noord-Brabant", 2, 48, 48, "076", 185),
    ("Nijmegen", "Gelderland", 2, 65, 65, "024", 180),
    ("Arnhem", "Gelderland", 2, 68, 68, "026", 165),
    ("Zaandam", "Noord-Holland", 2, 15, 15, "075", 160),
    ("Amersfoort", "Utrecht", 2, 38, 38, "033", 160),
    ("'s-Hertogenbosch", "Noord-Brabant", 2, 52, 52, "073", 160),
    ("Maastricht", "Limburg", 2, 62, 62, "043", 122),
    ("Zwolle", "Overijssel", 2, 80, 80, "038", 130),
    ("Dordrecht", "Zuid-Holland", 2, 33, 33, "078", 120),
    ("Zoetermeer", "Zuid-Holland", 2, 27, 27, "079", 125),
    ("Enschede", "Overijssel", 2, 75, 75, "053", 160),
    ("Leeuwarden", "Friesland", 2, 89, 89, "058", 125),
    ("Apeldoorn", "Gelderland", 3, 73, 73, "055", 165),
    ("Alkmaar", "Noord-Holland", 3, 18, 18, "072", 110),
    ("Deventer", "Overijssel", 3, 74, 74, "0570", 100),
    ("Hilversum", "Noord-Holland", 3, 12, 12, "035", 92),
    ("Amstelveen", "Noord-Holland", 3, 11, 11, "020", 92),
    ("Heerlen", "Limburg", 3, 64, 64, "045", 87),
    ("Venlo", "Limburg", 3, 59, 59, "077", 102),
    ("Gouda", "Zuid-Holland", 3, 28, 28, "0182", 74),
    ("Hoorn", "Noord-Holland", 3, 16, 16, "0229", 74),
    ("Purmerend", "Noord-Holland", 3, 14, 14, "0299", 93),
    ("Helmond", "Noord-Brabant", 3, 57, 57, "0492", 93),
    ("Emmen", "Drenthe", 4, 78, 78, "0591", 108),
    ("Assen", "Drenthe", 4, 94, 94, "0592", 69),
    ("Ede", "Gelderland", 4, 67, 67, "0318", 120),
    ("Veenendaal", "Utrecht", 4, 39, 39, "0318", 68),
    ("Harderwijk", "Gelderland", 4, 38, 38, "0341", 49),
    ("Oss", "Noord-Brabant", 4, 53, 53, "0412", 93),
    ("Roosendaal", "Noord-Brabant", 4, 47, 47, "0165", 78),
    ("Middelburg", "Zeeland", 4, 43, 43, "0118", 49),
    ("Goes", "Zeeland", 4, 44, 44, "0113", 39),
    ("Drachten", "Friesland", 4, 92, 92, "0512", 45),
    ("Lelystad", "Flevoland", 4, 82, 82, "0320", 80),
    ("Doetinchem", "Gelderland", 4, 70, 70, "0314", 58),
    ("Meppel", "Drenthe", 5, 79, 79, "0522", 34),
    ("Winterswijk", "Gelderland", 5, 71, 71, "0543", 29),
    ("Zierikzee", "Zeeland", 5, 43, 43, "0111", 20),
    ("Dokkum", "Friesland", 5, 91, 91, "0519", 24),
    ("Urk", "Flevoland", 5, 83, 83, "0527", 22),
    ("Hardenberg", "Overijssel", 5, 77, 77, "0523", 61),
    ("Steenwijk", "Overijssel", 5, 83, 83, "0521", 44),
    ("Gemert", "Noord-Brabant", 5, 54, 54, "0492", 31),
    ("Weert", "Limburg", 5, 60, 60, "0495", 50),
    ("Stadskanaal", "Groningen", 5, 95, 95, "0599", 31),
    ("Tiel", "Gelderland", 5, 40, 40, "0344", 42),
    ("Zuidhorn", "Groningen", 5, 98, 98, "0594", 24),
    ("Barneveld", "Gelderland", 5, 37, 37, "0342", 60),
)

URBANITY_LABELS: tuple[str, ...] = (
    "zeer sterk stedelijk",
    "sterk stedelijk",
    "matig stedelijk",
    "weinig stedelijk",
    "niet stedelijk",
)

STREETS: tuple[str, ...] = (
    "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianastraat",
    "Wilhelminastraat", "Beatrixlaan", "Nieuwstraat", "Marktstraat", "Kastanjelaan",
    "Eikenlaan", "Beukenlaan", "Lindelaan", "Parallelweg", "Industrieweg", "Prins Hendrikstraat",
    "Oranjestraat", "Emmastraat", "Irenestraat", "Hoofdstraat", "Burgemeester de Withstraat",
    "Van 't Hoffstraat", "Meidoornstraat", "Sportlaan", "Tulpstraat", "Rozenstraat",
    "Vondelstraat", "Rembrandtlaan", "Vermeerstraat", "Frans Halsstraat", "Mozartlaan",
    "Händelstraat", "Dr. Schaepmanstraat", "Kon. Julianaplein", "Zuidwal", "Noordsingel",
    "Oostdijk", "Westerweg", "Havenstraat", "Brugstraat", "Veldweg", "Akkerstraat",
    "Esdoornlaan", "Berkenlaan", "Populierenlaan", "Wilgenhof", "Merelstraat", "Lijsterlaan",
    "Zwaluwstraat", "Spoorlaan", "Kanaalweg", "Dijkstraat", "Polderweg", "Molenstraat",
    "Torenstraat", "Kloosterstraat", "Pastoor van Arskade", "Van Goghstraat", "Thorbeckelaan",
    "Churchilllaan", "Mgr. Nolensplein", "Händellaan", "Pieter de Hoochstraat", "Haverkamp",
    "Zonnebloemstraat", "Lavendelhof", "Klaverweide", "Het Spui", "Achterom", "Voorstraat",
    "Lange Nieuwstraat", "Korte Kerkstraat", "Singel", "Binnenweg", "Buitenhof", "Ruysdaelkade",
    "Amstelstraat", "Maasboulevard", "Rijnkade", "IJsselkade", "Waalstraat", "Dommelstraat",
)

# Surnames by frequency group: (tussenvoegsel, achternaam). The first group is drawn often
# (de Jong, Jansen and de Vries are the commonest Dutch surnames), the rest less.
COMMON_SURNAMES: tuple[tuple[str, str], ...] = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"),
    ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"),
    ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"),
    ("de", "Bruin"), ("van der", "Heijden"), ("", "Schouten"), ("van", "Beek"),
    ("", "Willems"), ("van", "Vliet"), ("van de", "Ven"), ("", "Hoekstra"), ("", "Maas"),
    ("", "Verhoeven"), ("", "Koster"), ("van", "Dam"), ("van der", "Wal"), ("", "Prins"),
    ("", "Blom"), ("", "Huisman"), ("", "Postma"), ("", "Kuipers"), ("van 't", "Hof"),
    ("van 't", "Zand"), ("op 't", "Hof"), ("ter", "Horst"), ("ten", "Brink"), ("", "Boersma"),
)
EXTRA_SURNAMES: tuple[tuple[str, str], ...] = (
    ("", "Müller"), ("", "Schäfer"), ("", "Çelik"), ("", "Öztürk"), ("", "Yilmaz"),
    ("", "Kaya"), ("", "Demir"), ("", "Aydin"), ("", "Sahin"), ("El", "Amrani"),
    ("", "Bouzid"), ("", "Benali"), ("El", "Idrissi"), ("", "Nguyen"), ("", "Tran"),
    ("", "Pinas"), ("", "Mohan"), ("", "Ramdin"), ("", "Sewdien"), ("", "Kowalski"),
    ("", "Nowak"), ("", "García"), ("", "Fernández"), ("", "Gonçalves"),
    ("", "Brontë"), ("", "Lefèvre"), ("", "Dubois"), ("", "Hoëlle"), ("", "Noëlle"),
)

# First names by generation: birth cohorts carry different names; a 75-year-old "Luna" would
# read wrong in a quote or persona. Faker's nl_NL lists are today's baby names (the young pool).
OLDER_FIRST_NAMES: tuple[tuple[str, str], ...] = tuple(
    [("M", n) for n in (
        "Gerrit", "Cornelis", "Johannes", "Hendrik", "Henk", "Kees", "Jan", "Piet", "Wim",
        "Willem", "Gerard", "Ton", "Hans", "Joop", "Theo", "Frans", "Bert", "Klaas", "Ad",
        "Rinus", "Harm", "Jaap", "Dirk", "Anton", "Bernard", "Leendert", "Arie", "Cor",
    )]
    + [("V", n) for n in (
        "Johanna", "Wilhelmina", "Maria", "Anna", "Cornelia", "Truus", "Riet", "Ans", "Els",
        "Gerda", "Ria", "Joke", "Annie", "Tiny", "Greet", "Corrie", "Marijke", "Ineke",
        "Hennie", "Thea", "Bep", "Nel", "Willemien", "Hélène", "Agnès", "Wies", "Mien",
    )]
)
MIDDLE_FIRST_NAMES: tuple[tuple[str, str], ...] = tuple(
    [("M", n) for n in (
        "Jeroen", "Mark", "Dennis", "Erik", "Martijn", "Sander", "Bas", "Rob", "Michel",
        "Patrick", "Marco", "Arjan", "Richard", "Ronald", "Edwin", "Mehmet", "Mohamed",
        "Vincent", "Jeroen", "Niels", "Bart", "Joost", "Ruud", "René", "André", "Frank",
    )]
    + [("V", n) for n in (
        "Sanne", "Linda", "Marieke", "Esther", "Sandra", "Monique", "Anouk", "Femke",
        "Karin", "Ingrid", "Petra", "Wendy", "Kim", "Saskia", "Marloes", "Fatima", "Ayse",
        "Mirjam", "Ellen", "Judith", "Chantal", "Renée", "Anneloes", "Inge", "Moniek",
    )]
)
