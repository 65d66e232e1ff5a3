// The project's tests name the shared scratch folder by its earlier local name.
global using TempDirectory = VlSearch.Testing.TempFolder;
