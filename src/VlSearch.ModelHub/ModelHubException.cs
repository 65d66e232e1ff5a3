namespace VlSearch.ModelHub;

/// <summary>A pull, import or removal failed; the message is shown to users as the reason.</summary>
public sealed class ModelHubException : Exception
{
    public ModelHubException(string message)
        : base(message)
    {
    }

    public ModelHubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelHubException()
    {
    }
}
