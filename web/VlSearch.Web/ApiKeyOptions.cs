namespace VlSearch.Web;

/// <summary>One configured API key: <c>Web:ApiKeys:0:Name</c>, <c>:Key</c>, <c>:Roles:0</c>.</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>Roles granted to the key's holder, e.g. <c>admin</c>.</summary>
    public List<string> Roles { get; set; } = [];
}
