namespace VlSearch.Testing.OpenAi;

/// <summary>A tool the double asks the client to call before it answers: the function's name as sent in <c>tools</c> and its JSON arguments.</summary>
public sealed record ScriptedToolCall(string FunctionName, string ArgumentsJson);
