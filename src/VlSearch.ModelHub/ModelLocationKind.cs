namespace VlSearch.ModelHub;

/// <summary>Where a resolved model comes from.</summary>
public enum ModelLocationKind
{
    /// <summary>A folder path given directly.</summary>
    Directory,

    /// <summary>Compiled into the application.</summary>
    BuiltIn,

    /// <summary>Shipped in the application's <c>models/</c> folder.</summary>
    Bundled,

    /// <summary>Installed in the data folder by a pull or import.</summary>
    Installed,
}
