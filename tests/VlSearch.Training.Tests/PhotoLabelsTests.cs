using VlSearch.Training;

namespace VlSearch.Training.Tests;

public class PhotoLabelsTests
{
    private static readonly HashSet<string> Extensions = [".png", ".jpg"];

    [Fact]
    public void Captions_then_xmp_keywords_then_folder_names_label_photos()
    {
        var dir = TestPaths.TempFolder("vlsearch-labels");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "teal_star"));
            File.WriteAllBytes(Path.Combine(dir, "teal_star", "a.png"), [1]);
            File.WriteAllBytes(Path.Combine(dir, "teal_star", "b.png"), [1]);
            File.WriteAllText(Path.Combine(dir, "teal_star", "b.txt"), "  a teal star\non grass ");
            File.WriteAllBytes(Path.Combine(dir, "c.jpg"), [1]);
            File.WriteAllText(Path.Combine(dir, "c.xmp"),
                "<x:xmpmeta><rdf:RDF><rdf:Description><dc:subject><rdf:Bag><rdf:li>beach</rdf:li><rdf:li>Tom &amp; Ann</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>");
            File.WriteAllBytes(Path.Combine(dir, "unlabelled.png"), [1]);
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a photo");

            var photos = PhotoLabels.Read(dir, Extensions).ToDictionary(p => Path.GetRelativePath(dir, p.Path).Replace('\\', '/'), p => p.Label);
            Assert.Equal(3, photos.Count);
            Assert.Equal("teal star", photos["teal_star/a.png"]);
            Assert.Equal("a teal star on grass", photos["teal_star/b.png"]);
            Assert.Equal("beach, Tom & Ann", photos["c.jpg"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
