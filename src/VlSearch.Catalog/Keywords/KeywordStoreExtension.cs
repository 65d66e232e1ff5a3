using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace VlSearch.Catalog.Keywords;

/// <summary>Carries the provider's keyword store in the context options; it adds no services to EF Core.</summary>
internal sealed class KeywordStoreExtension(IKeywordStore store) : IDbContextOptionsExtension
{
    private DbContextOptionsExtensionInfo? info;

    public IKeywordStore Store { get; } = store;

    public DbContextOptionsExtensionInfo Info => info ??= new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "KeywordStore ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["VlSearch:KeywordStore"] = ((KeywordStoreExtension)Extension).Store.GetType().Name;
    }
}
