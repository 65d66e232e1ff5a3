namespace VlSearch.Search.Ranking;

/// <summary>
/// Captions that describe no particular photo library: office objects, abstract phrases, nonsense. Their best scores
/// against a library show how high an unrelated query scores with a model, which is the cutoff's floor.
/// </summary>
public static class UnrelatedCaptions
{
    /// <summary>The captions; fixed, so a floor is reproducible.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "a stapler on a desk", "an invoice for plumbing parts", "a spreadsheet of quarterly sales", "a screenshot of an error dialog",
        "the word banana in bold letters", "a diagram of a four-stroke engine", "a barcode on white paper", "a blank sheet of paper",
        "a close-up of a keyboard key", "a page from a tax form", "a qr code", "a graph of stock prices", "lorem ipsum dolor sit amet",
        "zxqv plorth munde", "the quick brown fox jumps over the lazy dog", "an empty parking ticket", "a circuit board schematic",
        "a table of railway departures", "a recipe card for bread", "a multiplication table", "a paperclip", "a roll of tape",
        "a calculator showing 42", "a photocopy of a passport page", "a legal contract clause",
        "an electricity bill", "the periodic table", "a crossword puzzle", "a sudoku grid", "a flowchart with arrows",
        "a floppy disk", "an ethernet cable", "a usb stick", "a power strip", "a light switch", "a smoke detector",
        "a fire extinguisher sign", "a no smoking sign", "a password reset email", "a terms of service page",
        "a loading spinner", "a wifi icon", "a mouse pointer", "a dictionary entry for the word ontology",
        "a chess notation sheet", "a musical score for violin", "a phone number written on a napkin", "a license plate",
        "an asterisk", "the letter q", "the number seven hundred", "a hexadecimal dump", "a compiler warning",
        "a database schema", "a fax cover sheet", "a staple remover", "a rubber stamp", "an ink cartridge",
        "a printer test page", "static on a television",
        "a thermostat display", "a microwave keypad", "a bus timetable",
        "glorp wibble snarf", "frumious bandersnatch", "colourless green ideas sleep furiously", "a word cloud of verbs",
        "an index card with a todo list", "a sticky note saying call back", "a binder clip", "a pencil sharpener",
        "a filing cabinet drawer label", "a meeting agenda", "minutes of a committee meeting", "a software license key",
        "a terminal window with green text", "a unit conversion chart", "a bar chart of rainfall", "a ballot paper",
        "a customs declaration form", "a warranty card", "an instruction manual index", "a tide table",
        "a font specimen sheet", "a mathematical proof",
        "an empty folder icon", "a progress bar at half", "a clipboard with a checklist", "a calendar page for march",
        "an envelope window", "a postage meter mark", "a sample text in a serif font", "a dentist appointment reminder",
        "a train ticket refund form", "a list of irregular verbs", "a stack of unpaid invoices", "a broken umbrella handle",
        "a plumbing pipe diagram", "an insurance policy summary", "a recipe for lentil soup",
    ];
}
