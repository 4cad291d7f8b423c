"""The demo site's stories: original text written for Newsroom, and pictures Pillow draws."""

import io
import random

from PIL import Image, ImageDraw

SECTIONS = [
    ("Local", "local", "What is happening in the towns and villages we cover."),
    ("Politics", "politics", "Councils, parliament and the people who run them."),
    ("Business", "business", "Work, money and the firms that shape the region."),
    ("Science", "science", "Research, health and the environment."),
    ("Culture", "culture", "Books, film, music and the arts."),
    ("Sport", "sport", "Results, previews and the stories behind the games."),
]

AUTHORS = [
    ("Amara Osei", "amara-osei", "Amara covers local government and housing."),
    ("Tomás Ferreira", "tomas-ferreira", "Tomás writes about business and the economy."),
    ("Ingrid Halvorsen", "ingrid-halvorsen", "Ingrid is our science and environment correspondent."),
    ("Priya Raman", "priya-raman", "Priya reviews books and film and edits the culture pages."),
    ("Joe Whitaker", "joe-whitaker", "Joe has covered the county's sport for twenty years."),
]

TAGS = ["Transport", "Housing", "Climate", "Schools", "Health", "Elections", "Jobs", "Football",
        "Festivals", "Energy", "Libraries", "Rivers"]

# (section slug, headline, standfirst, dateline, tags, author slugs)
STORIES = [
    ("local", "Riverside footbridge reopens after two years of repairs",
     "The crossing that links the market to the station is open again, with wider paths and new lighting.",
     "Millbrook", ["Transport", "Rivers"], ["amara-osei"]),
    ("local", "Volunteers plant four hundred trees along the old railway line",
     "A weekend of digging turned a disused track into the start of a green corridor.",
     "Ashford Vale", ["Climate"], ["amara-osei"]),
    ("local", "Library extends evening hours after reader petition",
     "More than two thousand people signed for later opening on weekdays.",
     "Millbrook", ["Libraries"], ["priya-raman"]),
    ("local", "New bus route to connect three villages with the hospital",
     "The service starts next month and runs every forty minutes.",
     "Hartley Green", ["Transport", "Health"], ["amara-osei"]),
    ("local", "Flood barrier tested as river reaches its highest level this year",
     "Engineers say the temporary wall held and no homes were flooded.",
     "Millbrook", ["Rivers", "Climate"], ["ingrid-halvorsen"]),
    ("politics", "Council approves budget with more money for road repairs",
     "Councillors voted 31 to 18 after a debate that ran past midnight.",
     "County Hall", ["Transport"], ["amara-osei"]),
    ("politics", "By-election called for the Eastgate ward",
     "Voters will choose a new councillor on the first Thursday of next month.",
     "Eastgate", ["Elections"], ["amara-osei"]),
    ("politics", "Housing plan for the old brewery site goes to public consultation",
     "The proposal includes 240 homes, a third of them for social rent.",
     "Millbrook", ["Housing"], ["amara-osei", "tomas-ferreira"]),
    ("politics", "School transport budget to be reviewed after complaints from parents",
     "Families in outlying villages say children are waiting too long for buses.",
     "County Hall", ["Schools", "Transport"], ["amara-osei"]),
    ("politics", "Turnout rises in local elections for the first time in a decade",
     "Officials credit longer polling hours and a campaign in schools.",
     "County Hall", ["Elections", "Schools"], ["amara-osei"]),
    ("business", "Family bakery opens its third shop and hires twelve staff",
     "The firm started on a market stall fifteen years ago.",
     "Ashford Vale", ["Jobs"], ["tomas-ferreira"]),
    ("business", "Solar farm on former quarry will power five thousand homes",
     "Construction begins in spring and should take about a year.",
     "Hartley Green", ["Energy", "Climate"], ["tomas-ferreira", "ingrid-halvorsen"]),
    ("business", "High street vacancy rate falls as independent shops move in",
     "Eleven units have been let since January, according to the chamber of commerce.",
     "Millbrook", ["Jobs"], ["tomas-ferreira"]),
    ("business", "Engineering firm wins contract to build new river ferries",
     "The order secures work for the yard's 300 employees for three years.",
     "Eastgate", ["Jobs", "Rivers"], ["tomas-ferreira"]),
    ("business", "Energy co-operative signs up its thousandth member",
     "Members share the income from two wind turbines above the town.",
     "Millbrook", ["Energy"], ["tomas-ferreira"]),
    ("science", "Otters return to the upper river after forty years",
     "Surveyors found tracks and droppings at six sites this summer.",
     "Upper Millbrook", ["Rivers", "Climate"], ["ingrid-halvorsen"]),
    ("science", "Hospital trial cuts waiting times for hip operations",
     "A dedicated surgical ward has halved the time patients wait.",
     "Millbrook", ["Health"], ["ingrid-halvorsen"]),
    ("science", "Pupils build weather station that feeds national records",
     "Readings from the school roof now go to the national climate archive.",
     "Ashford Vale", ["Schools", "Climate"], ["ingrid-halvorsen"]),
    ("science", "Study finds cleaner air on streets closed to through traffic",
     "Nitrogen dioxide fell by a fifth in the first year of the scheme.",
     "Millbrook", ["Health", "Transport"], ["ingrid-halvorsen"]),
    ("science", "Wetland restoration stores more carbon than expected",
     "Researchers measured the peat for three years before publishing.",
     "Hartley Moss", ["Climate", "Rivers"], ["ingrid-halvorsen"]),
    ("culture", "Summer festival announces a programme of free open-air concerts",
     "Twenty bands will play on the riverside stage over three weekends.",
     "Millbrook", ["Festivals"], ["priya-raman"]),
    ("culture", "Local author's first novel shortlisted for a national prize",
     "The book follows three generations of a family of boat builders.",
     "Eastgate", ["Libraries"], ["priya-raman"]),
    ("culture", "Cinema restored to its 1930s look reopens with a silent film night",
     "A live pianist accompanied the first screening in the refurbished hall.",
     "Ashford Vale", ["Festivals"], ["priya-raman"]),
    ("culture", "Town museum digitises a century of photographs",
     "More than eight thousand images can now be searched online.",
     "Millbrook", ["Libraries"], ["priya-raman"]),
    ("culture", "Youth orchestra tours the county's village halls",
     "Sixty young musicians will give twelve concerts in a fortnight.",
     "Hartley Green", ["Schools", "Festivals"], ["priya-raman"]),
    ("sport", "United win the derby with a late header",
     "A goal in the 89th minute settled a tense match in front of a full ground.",
     "Millbrook", ["Football"], ["joe-whitaker"]),
    ("sport", "Rowing club celebrates its 150th regatta",
     "Crews came from across the country for two days of racing.",
     "Millbrook", ["Rivers", "Festivals"], ["joe-whitaker"]),
    ("sport", "Women's team reaches the county cup final",
     "They beat the holders on penalties after a goalless draw.",
     "Eastgate", ["Football"], ["joe-whitaker"]),
    ("sport", "Park run marks its five hundredth Saturday",
     "Around four hundred runners and walkers took part in the anniversary event.",
     "Ashford Vale", ["Health"], ["joe-whitaker"]),
    ("sport", "Cricket ground's new pavilion built by volunteers",
     "Members spent eighteen months of weekends on the project.",
     "Hartley Green", ["Jobs"], ["joe-whitaker"]),
]

PARAGRAPHS = [
    "People who live nearby said the change was noticeable within days. “It makes a real "
    "difference to how we get about,” one resident told us, adding that neighbours had asked for "
    "it for years.",
    "The work was paid for by a mix of council money and a grant, and came in slightly under the "
    "budget agreed last year. Officials said the savings would go towards maintenance.",
    "Not everyone is convinced. Critics argue that the plan does too little for people on the "
    "edge of town, and say they will keep pressing for changes at the next council meeting.",
    "Those involved say the next step is to measure the results carefully and publish them, so "
    "that other towns can learn from what worked here and what did not.",
    "Figures released this week show the trend has held for three years in a row, though the "
    "authors caution that a single year can be affected by the weather and other local factors.",
    "Organisers thanked the volunteers who gave up their weekends, and said more help would be "
    "welcome. Details are available from the town hall and at the public library.",
    "A spokesperson said further announcements would follow in the coming weeks, once the "
    "remaining details had been agreed with the groups involved.",
]

COLOURS = [(163, 18, 42), (11, 79, 156), (31, 122, 76), (196, 120, 20), (92, 52, 140), (20, 120, 140)]


def story_body(rng):
    paragraphs = rng.sample(PARAGRAPHS, 4)
    body = [f"<p>{paragraphs[0]}</p>", f"<p>{paragraphs[1]}</p>", "<h2>What happens next</h2>"]
    body += [f"<p>{text}</p>" for text in paragraphs[2:]]
    return "\n".join(body)


def demo_picture(index, width=1600, height=900):
    """A JPEG of simple shapes: something to see without shipping anyone's photograph."""
    rng = random.Random(index)
    base = COLOURS[index % len(COLOURS)]
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for step in range(height):
        shade = tuple(min(255, int(c + (255 - c) * step / height * 0.6)) for c in base)
        draw.line([(0, step), (width, step)], fill=shade)
    for _ in range(7):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(60, 260)
        colour = tuple(rng.randrange(40, 255) for _ in range(3))
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    draw.rectangle([0, int(height * 0.78), width, height], fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    return buffer
