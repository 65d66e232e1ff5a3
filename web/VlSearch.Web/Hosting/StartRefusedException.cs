namespace VlSearch.Web.Hosting;

/// <summary>The app will not start with its current settings; the message says which to change.</summary>
public sealed class StartRefusedException(string message) : Exception(message);
