namespace VlSearch.ModelHub.Tests;

/// <summary>A fact that needs real photos: skipped with the reason when <c>VLSEARCH_TEST_PHOTOS</c> is unset.</summary>
public sealed class PhotosFactAttribute : FactAttribute
{
    public const string Variable = "VLSEARCH_TEST_PHOTOS";

    public PhotosFactAttribute()
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(folder))
        {
            Skip = $"{Variable} is not set: point it at a folder of real photos (.ci/run extracts Debian's mate-backgrounds).";
        }
    }

    public static string Folder => Environment.GetEnvironmentVariable(Variable)!;
}
