"""The demo site's stories: original text written for Newsroom, and pictures Pillow draws."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

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

CREDITS = ["Newsroom photo", "Photo: Amara Osei", "Photo: Joe Whitaker", "County Press Agency",
           "Photo: Ingrid Halvorsen"]
# What each section's pictures show, and how the caption says it.
SCENES = {"local": "street", "politics": "street", "business": "river", "science": "country",
          "culture": "stage", "sport": "pitch"}
CAPTIONS = {
    "street": "The high street in {place}, looking towards the market square",
    "river": "The riverside at {place}, with the old warehouses behind",
    "country": "Fields and woodland above {place}",
    "stage": "The audience gathers in {place} before the first performance",
    "pitch": "Players warm up before kick-off in {place}",
}
COATS = [(180, 40, 40), (40, 60, 120), (50, 50, 55), (200, 160, 40), (60, 110, 70), (120, 80, 140)]
SKIN = [(230, 190, 160), (180, 130, 95), (120, 80, 55), (240, 205, 180)]


def story_body(rng):
    paragraphs = rng.sample(PARAGRAPHS, 4)
    body = [f"<p>{paragraphs[0]}</p>", f"<p>{paragraphs[1]}</p>", "<h2>What happens next</h2>"]
    body += [f"<p>{text}</p>" for text in paragraphs[2:]]
    return "\n".join(body)


def picture_caption(index):
    """The caption and the credit of story `index`'s demo picture."""
    section, _, _, dateline, *_ = STORIES[index % len(STORIES)]
    return CAPTIONS[SCENES[section]].format(place=dateline), CREDITS[index % len(CREDITS)]


def demo_picture(index, width=1600, height=900):
    """A JPEG that reads as a news photograph at card size, drawn from shapes (a sky, land,
    buildings, water, people), so the demo shows how a site with pictures looks without shipping
    anyone's photograph. Each story's scene follows its section, varied by `index`."""
    rng = random.Random(index)
    section = STORIES[index % len(STORIES)][0]
    image = Image.new("RGB", (1600, 900))
    draw = ImageDraw.Draw(image)
    horizon = rng.randrange(430, 560)
    _sky(draw, rng, horizon)
    _hills(draw, rng, horizon)
    SCENE_PAINTERS[SCENES[section]](draw, rng, horizon)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    if (width, height) != image.size:
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    return buffer


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _vary(colour, rng, amount=25):
    return tuple(max(0, min(255, c + rng.randrange(-amount, amount))) for c in colour)


def _sky(draw, rng, horizon):
    top, low = rng.choice([((70, 130, 200), (200, 225, 245)), ((40, 70, 130), (240, 170, 120)),
                           ((120, 150, 180), (215, 220, 225)), ((90, 150, 215), (235, 240, 245))])
    for y in range(horizon):
        draw.line([(0, y), (1600, y)], fill=_mix(top, low, y / horizon))
    for _ in range(rng.randrange(2, 6)):  # clouds
        x, y = rng.randrange(-100, 1600), rng.randrange(30, max(60, horizon - 200))
        for _ in range(5):
            dx, dy, r = rng.randrange(-90, 90), rng.randrange(-25, 25), rng.randrange(40, 80)
            draw.ellipse([x + dx - r * 1.6, y + dy - r, x + dx + r * 1.6, y + dy + r], fill=(245, 246, 248))


def _hills(draw, rng, horizon):
    for layer, colour in enumerate([(120, 150, 130), (90, 130, 95)]):
        points = [(0, 900)]
        points += [(x, horizon - rng.randrange(20, 90) + layer * 30) for x in range(0, 1700, 100)]
        points.append((1600, 900))
        draw.polygon(points, fill=_vary(colour, rng, 12))


def _building(draw, rng, x, base, width, height):
    wall = _vary(rng.choice([(176, 120, 90), (200, 190, 170), (150, 90, 70), (215, 205, 185)]), rng)
    draw.rectangle([x, base - height, x + width, base], fill=wall)
    draw.polygon([(x - 8, base - height), (x + width / 2, base - height - width * 0.35),
                  (x + width + 8, base - height)], fill=_vary((80, 70, 75), rng, 15))
    glass = (60, 75, 95) if rng.random() < 0.7 else (250, 225, 150)
    for wy in range(int(base - height + 25), int(base - 45), 55):
        for wx in range(int(x + 15), int(x + width - 30), 45):
            draw.rectangle([wx, wy, wx + 22, wy + 30], fill=glass)
    door_x = x + width / 2 - 14
    draw.rectangle([door_x, base - 55, door_x + 28, base], fill=_vary((70, 45, 35), rng, 10))


def _person(draw, rng, x, feet, size):
    draw.rounded_rectangle([x - size * 0.22, feet - size * 0.45, x + size * 0.22, feet], 6, fill=(40, 40, 50))
    draw.rounded_rectangle([x - size * 0.3, feet - size * 0.85, x + size * 0.3, feet - size * 0.4],
                           int(size * 0.12), fill=rng.choice(COATS))
    draw.ellipse([x - size * 0.16, feet - size * 1.12, x + size * 0.16, feet - size * 0.82],
                 fill=rng.choice(SKIN))


def _crowd(draw, rng, top, bottom, count):
    for feet in sorted(rng.randrange(top, bottom) for _ in range(count)):  # the farthest first
        _person(draw, rng, rng.randrange(0, 1600), feet, 40 + (feet - top) / max(1, bottom - top) * 140)


def _street(draw, rng, horizon):
    draw.rectangle([0, horizon + 60, 1600, 900], fill=(120, 120, 125))
    draw.polygon([(0, 900), (640, horizon + 60), (960, horizon + 60), (1600, 900)], fill=(75, 75, 80))
    for y in range(horizon + 90, 900, 70):  # road markings
        t = (y - horizon) / (900 - horizon)
        draw.rectangle([800 - 6 * t, y, 800 + 6 * t, y + 30 * t], fill=(230, 230, 220))
    x = -20
    while x < 1600:
        width = rng.randrange(150, 260)
        if not 560 < x < 900:
            _building(draw, rng, x, horizon + 70, width, rng.randrange(220, 380))
        x += width + rng.randrange(0, 20)
    _crowd(draw, rng, horizon + 120, 880, rng.randrange(5, 10))


def _river(draw, rng, horizon):
    for x in range(-20, 1600, 200):
        _building(draw, rng, x, horizon + 40, rng.randrange(160, 200), rng.randrange(150, 300))
    draw.rectangle([0, horizon + 40, 1600, horizon + 70], fill=(110, 105, 100))
    water = rng.choice([(60, 100, 130), (70, 115, 125)])
    for y in range(horizon + 70, 900):
        draw.line([(0, y), (1600, y)], fill=_mix(water, (25, 45, 65), (y - horizon) / (900 - horizon)))
    for _ in range(60):  # ripples
        x, y = rng.randrange(0, 1600), rng.randrange(horizon + 80, 900)
        draw.line([(x, y), (x + rng.randrange(30, 120), y)], fill=(150, 180, 200), width=2)
    deck = horizon + rng.randrange(120, 200)  # a footbridge
    draw.rectangle([0, deck, 1600, deck + 22], fill=(90, 85, 80))
    for x in range(120, 1600, 420):
        draw.rectangle([x, deck + 22, x + 40, 900], fill=(105, 100, 95))
    for x in range(0, 1600, 40):
        draw.line([(x, deck - 35), (x, deck)], fill=(60, 60, 60), width=3)
    draw.line([(0, deck - 35), (1600, deck - 35)], fill=(60, 60, 60), width=4)
    for _ in range(rng.randrange(3, 7)):
        _person(draw, rng, rng.randrange(40, 1560), deck, 70)


def _country(draw, rng, horizon):
    for y in range(horizon + 20, 900):
        grass = _mix((120, 160, 80), (70, 110, 45), (y - horizon) / (900 - horizon))
        draw.line([(0, y), (1600, y)], fill=grass)
    for y in range(horizon + 60, 900, 60):  # field rows
        draw.line([(0, y), (1600, y + rng.randrange(-40, 40))], fill=(95, 135, 60), width=4)
    for base in sorted(rng.randrange(horizon + 20, 880) for _ in range(rng.randrange(8, 16))):
        x, size = rng.randrange(0, 1600), 30 + (base - horizon) / (900 - horizon) * 140
        draw.rectangle([x - size * 0.08, base - size * 0.6, x + size * 0.08, base], fill=(85, 60, 40))
        draw.ellipse([x - size * 0.5, base - size * 1.5, x + size * 0.5, base - size * 0.45],
                     fill=_vary((50, 100, 50), rng))
    _crowd(draw, rng, 760, 890, rng.randrange(1, 4))


def _stage(draw, rng, horizon):
    draw.rectangle([0, 0, 1600, 900], fill=(25, 20, 35))
    curtain = _vary((90, 25, 40), rng, 20)
    draw.rectangle([250, 120, 1350, 520], fill=curtain)
    for x in range(250, 1350, 60):
        draw.line([(x, 120), (x, 520)], fill=_mix(curtain, (0, 0, 0), 0.3), width=8)
    draw.rectangle([200, 520, 1400, 580], fill=(110, 75, 50))
    for x in (500, 800, 1100):  # spotlights
        draw.polygon([(x - 20, 0), (x + 20, 0), (x + 150, 540), (x - 150, 540)], fill=(120, 95, 80))
    for x in range(420, 1250, rng.randrange(180, 260)):
        _person(draw, rng, x, 520, 170)
    _crowd(draw, rng, 620, 900, 45)


def _pitch(draw, rng, horizon):
    stand_top = horizon - 60
    draw.rectangle([0, stand_top, 1600, horizon + 60], fill=(70, 75, 85))
    for _ in range(900):  # the crowd in the stand
        x, y = rng.randrange(0, 1600), rng.randrange(stand_top + 10, horizon + 55)
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=_vary(rng.choice(COATS), rng, 30))
    for y in range(horizon + 60, 900):
        draw.line([(0, y), (1600, y)], fill=(60, 140, 60) if ((y - horizon) // 60) % 2 else (70, 155, 70))
    draw.line([(0, horizon + 200), (1600, horizon + 200)], fill=(235, 240, 235), width=5)
    draw.ellipse([600, horizon + 150, 1000, horizon + 250], outline=(235, 240, 235), width=5)
    for feet in sorted(rng.randrange(horizon + 140, 880) for _ in range(rng.randrange(5, 9))):
        _person(draw, rng, rng.randrange(60, 1540), feet, 150)
    x, y = rng.randrange(300, 1300), rng.randrange(horizon + 200, 800)
    draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=(250, 250, 250))


SCENE_PAINTERS = {"street": _street, "river": _river, "country": _country, "stage": _stage, "pitch": _pitch}
