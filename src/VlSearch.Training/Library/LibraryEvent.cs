namespace VlSearch.Training.Library;

/// <summary>An event folder of a generated library: its name, the words a person would search it by, when and with what it was shot.</summary>
internal sealed record LibraryEvent(string Folder, string SearchPhrase, string Keyword, DateTime Start, LibraryCamera Camera);
