"""A bilingual glossary of the words of customer, citizen and employee data (issue 10).

General vocabulary of CRM exports, surveys, analytics, service and HR data, not of one
organisation: nouns, adjectives, adverbs and function words as ``nl | en`` pairs; verbs as
``nl infinitive | en base form`` (conjugated by rule in :mod:`personakit.persona._labels`).
Several-word entries are matched before single words. A user's own words go in
``[sources.NAME.labels]`` in ``personakit.toml``, not here.
"""

from __future__ import annotations

WORDS = """
aanbevelen | recommend
aanbeveling | recommendation
aanbod | offer
aanbieding | offer
aankoop | purchase
aankopen | purchases
aanmelding | registration
aanvraag | application
aanvragen | applications
aantal | number of
abonnement | subscription
abonnementen | subscriptions
acceptgiro | giro slip
account | account
achternaam | surname
achterstand | arrears
activiteit | activity
activiteiten | activities
actie | campaign
acties | campaigns
adres | address
advertentie | advert
advies | advice
afdeling | department
afrekenen | checkout
afspraak | appointment
afspraken | appointments
afval | waste
afzender | sender
agenda | calendar
akkoord | agree
alleen | only
altijd | always
ambitie | ambition
andere | other
anders | otherwise
apparaat | device
app | app
auto | car
auto's | cars
automatische incasso | direct debit
baan | job
balie | counter
bedrag | amount
bedrijf | company
begeleiding | guidance
belangrijk | important
belangrijkst | most important
beleid | policy
benzine | petrol
bereikbaarheid | accessibility
bericht | message
berichten | messages
beroep | occupation
bestelling | order
bestellingen | orders
besteding | spending
betaalwijze | payment method
betaling | payment
betalingen | payments
betrokkenheid | engagement
bevestiging | confirmation
bezoek | visit
bezoeken | visits
bezoeker | visitor
bezoekers | visitors
bezorging | delivery
bijdrage | contribution
bijstand | social assistance
binnenland | home country
bonus | bonus
brandstof | fuel
brief | letter
brieven | letters
bron | source
budget | budget
buitenland | abroad
burger | citizen
burgers | citizens
chat | chat
chats | chats
collega | colleague
collega's | colleagues
communicatie | communication
contact | contact
contacten | contacts
contract | contract
conversie | conversion
cursus | course
cursussen | courses
datum | date
de | the
dag | day
dagen | days
dat | that
desktop | desktop
diesel | diesel
dienst | service
diensten | services
dienstverband | employment
digitaal | digital
digitale | digital
direct | directly
doel | goal
doelen | goals
door | by
duur | duration
duurzaam | sustainable
duurzamer | more sustainable
duurzaamheid | sustainability
een | a
eens | agree
eigen | own
elektrisch | electric
en | and
energie | energy
ervaring | experience
factuur | invoice
facturen | invoices
fiets | bicycle
formulier | form
formulieren | forms
fout | error
fouten | errors
gebruik | use
gebruiker | user
gebruikers | users
geen | no
geld | money
gemak | convenience
gemeente | municipality
gemiddeld | average
gemiddelde | average
geslacht | gender
gesprek | conversation
gesprekken | conversations
gezin | family
gezinslidmaatschap | family membership
gezondheid | health
goed | good
graag | gladly
groot | large
grootte | size
heel | very
helemaal | completely
het | the
hulp | help
huis | house
huishouden | household
huishoudgrootte | household size
hybride | hybrid
in | in
incasso | direct debit
inkomen | income
inkomsten | income
informatie | information
inlog | login
internet | internet
jaar | year
jaaromzet | annual revenue
jaren | years
ja | yes
jong | young
kanaal | channel
kanalen | channels
kans | chance
keer | times
kinderen | children
klacht | complaint
klachten | complaints
klant | customer
klanten | customers
klantnummer | customer number
klantenservice | customer service
klantwaarde | customer value
kleding | clothing
klein | small
korting | discount
kortingen | discounts
kosten | costs
krant | newspaper
kwaliteit | quality
laatste | last
land | country
lang | long
langer | longer
leeftijd | age
lening | loan
levering | delivery
levertijd | delivery time
lid | member
leden | members
lidmaatschap | membership
lid sinds | member since
liefst | preferably
looptijd | term
lidmaatschapsduur | tenure
klantduur | customer tenure
loyaliteit | loyalty
maand | month
maanden | months
maandelijks | monthly
mail | e-mail
medewerker | staff member
medewerkers | staff
meer | more
meest | most
melding | report
meldingen | reports
mensen | people
met | with
minder | less
minuten | minutes
mobiel | mobile
mobiliteit | mobility
moment | moment
na | after
naam | name
naar | to
nee | no
niet | not
nieuw | new
nieuwe | new
nieuwsbrief | newsletter
nieuwsbrieven | newsletters
nooit | never
nu | now
of | or
offerte | quote
omzet | revenue
ondersteuning | support
online | online
ontevreden | dissatisfied
onderwerp | subject
oneens | disagree
neutraal | neutral
op | on
opgezegd | cancelled
opleiding | education
opleidingsniveau | education level
optie | option
opties | options
opzegging | cancellation
organisch | organic
over | about
overig | other
pakket | package
partner | partner
pas | card
pech | breakdown
pechmelding | breakdown report
pechmeldingen | breakdown reports
per | per
persoon | person
personen | people
persoonlijk | personal
plaats | place
polis | policy
postcode | postcode
premie | premium
prijs | price
prijzen | prices
privacy | privacy
probleem | problem
problemen | problems
procent | per cent
product | product
producten | products
provincie | province
punten | points
rapportcijfer | rating
rapportcijfer tevredenheid | satisfaction rating
verloop | churn
verwijzing | referral
waarschijnlijk | likely
kaart | card
weinig | little
reactie | response
reactietijd | response time
regio | region
reis | trip
reizen | trips
reisverzekering | travel insurance
rekening | account
review | review
reviews | reviews
rijbewijs | driving licence
salaris | salary
samen | together
samenwerking | collaboration
score | score
scholing | training
service | service
sessie | session
sessies | sessions
snel | fast
sneller | faster
sociale media | social media
soms | sometimes
stad | city
stap | step
stappen | steps
stedelijkheid | urbanisation
storing | outage
storingen | outages
tablet | tablet
taal | language
team | team
te | too
tegen | against
telefoon | phone
telefonisch | by phone
tevreden | satisfied
tevredenheid | satisfaction
thuis | at home
tijd | time
tijdstip | time
toekomst | future
totaal | total
trouw | loyal
type | type
uit | from
uitkering | benefit
uitstroom | outflow
uren | hours
uur | hour
vaak | often
vaardigheid | skill
digitale vaardigheid | digital skills
vaardigheden | skills
van | of
veel | much
veilig | safe
veiligheid | safety
verbetering | improvement
verbeteringen | improvements
vereniging | association
verlenging | renewal
verzekering | insurance
verzekeringen | insurances
via | via
volgend | next
voor | for
voorkeur | preference
voorkeurskanaal | preferred channel
voornaam | first name
vooral | mainly
vraag | question
vragen | questions
vrouw | woman
waarde | value
waardering | appreciation
wachttijd | waiting time
website | website
webshop | web shop
week | week
weken | weeks
werk | work
werkgever | employer
werknemer | employee
werknemers | employees
werkplek | workplace
werkdag | working day
wijk | neighbourhood
winkel | shop
winkels | shops
woning | home
woonplaats | place of residence
zaken | things
zakelijk | business
zelf | myself
zeer | very
zoekmachine | search engine
zorg | care
zorgen | worries
""".strip()

# nl infinitive | en base form: the ik-form, third person and English forms come by rule.
VERBS = """
aanbevelen/aanbeveel | recommend | recommendation
bekijken | view
bellen | call
besparen | save
bestellen | order | orders
betalen | pay | payment
bezoeken | visit
blijven | stay
doen | do
downloaden | download
gaan | go
gebruiken | use
geven | give
hebben | have
helpen | help
houden | keep
kiezen | choose
kijken | look
komen | come
kopen | buy
kunnen | can
laten | let
leren | learn
letten | look
lezen | read
maken | make
melden | report
moeten | must
mogen | may
ontvangen | receive
opzeggen | cancel
regelen | arrange
reizen | travel
rijden | drive
schrijven | write
spreken | speak to
staan | stand
vergelijken | compare
verhuizen | move house
vertrouwen | trust
verwachten | expect
vinden | find
volgen | follow
voelen | feel
vragen | ask
wachten | wait
werken | work
weten | know
willen | want
winkelen | shop
wonen | live
worden | become
zien | see
zijn | be
zoeken | look for
zullen | will
""".strip()

# Words that say how, not what: never the topic of a neutral description.
NOT_TOPICS = frozenset("""
via vooral persoonlijk belangrijk belangrijkst duurzamer graag liefst vaak altijd nooit soms
meer minder heel zeer direct snel sneller goed groot klein lang langer nieuw nieuwe jong
eigen andere anders alleen samen thuis eens oneens akkoord helemaal waarschijnlijk weinig
gemiddeld gemiddelde laatste volgend overig digitaal digitale telefonisch zakelijk tevreden
ontevreden veilig duurzaam trouw mobiel
""".split())

# English words that map back to Dutch in more than one way: the usual one first.
EN_PREFERRED = """
with | met
by card | met de kaart
satisfied with | tevreden over
speak to | spreken met
""".strip()

# Multi-word phrases, matched before words (after the item is in the third person).
PHRASES = """
het liefst | preferably
de prijs | the price
het buitenland | abroad
naar het buitenland | abroad
in het buitenland | abroad
met de auto | by car
met het openbaar vervoer | by public transport
een medewerker | a staff member
persoonlijk spreken | speak to in person
let vooral op | mainly looks at
vindt het belangrijk dat | finds it important that
is tevreden over | is satisfied with
heeft vertrouwen in | trusts
app of website | app or website
sociale media | social media
helemaal mee eens | strongly agree
helemaal niet mee eens | strongly disagree
mee eens | agree
niet mee eens | disagree
helemaal oneens | strongly disagree
zeer eens | strongly agree
zeer oneens | strongly disagree
niet eens niet oneens | neither agree nor disagree
niet eens of oneens | neither agree nor disagree
""".strip()


def pairs(text: str) -> list[tuple[str, str]]:
    """``nl | en`` lines as pairs (a third field, a verb's noun, is left out)."""
    out = []
    for line in text.splitlines():
        nl, _, en = line.partition("|")
        en = en.partition("|")[0]
        if nl.strip() and en.strip():
            out.append((nl.strip(), en.strip()))
    return out


def verb_entries() -> list[tuple[str, str | None, str, str | None]]:
    """(infinitive, ik-form if not by rule, en base, en noun or None) of every verb."""
    out = []
    for line in VERBS.splitlines():
        fields = [f.strip() for f in line.split("|")]
        infinitive, _, stem = fields[0].partition("/")
        out.append((infinitive, stem or None, fields[1], fields[2] if len(fields) > 2 else None))
    return out
