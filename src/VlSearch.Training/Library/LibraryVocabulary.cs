namespace VlSearch.Training.Library;

/// <summary>Names a generated library draws its events, files and cameras from.</summary>
internal static class LibraryVocabulary
{
    public static readonly string[] Places =
    [
        "Lake Tahoe", "Yosemite", "Paris", "Rome", "Lisbon", "Kyoto", "Iceland", "Grand Canyon", "Barcelona", "Amsterdam",
        "Prague", "Vienna", "Zion", "Big Sur", "Cape Cod", "Banff", "Santorini", "Edinburgh", "Berlin", "Copenhagen",
    ];

    public static readonly string[] PlaceKinds = ["trip", "vacation", "weekend", "holiday"];

    public static readonly string[] People =
    [
        "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Ivy", "Jonas", "Lena", "Max", "Nora", "Oscar",
        "Paula", "Quentin", "Rosa", "Simon", "Tara", "Victor",
    ];

    public static readonly string[] Activities = ["sunset", "hike", "dinner", "cake", "friends", "view", "selfie", "family", "morning", "party", "walk", "lunch"];

    public static readonly LibraryCamera[] Cameras =
    [
        new("Canon", "Canon EOS R6", "IMG_"),
        new("NIKON CORPORATION", "NIKON Z 6", "DSC_"),
        new("Apple", "iPhone 13", "IMG_"),
        new("FUJIFILM", "X-T4", "DSCF"),
        new("SONY", "ILCE-7M3", "DSC0"),
        new("Google", "Pixel 7", "PXL_"),
    ];
}
