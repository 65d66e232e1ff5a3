using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog.Keywords;
using VlSearch.Catalog.Storage;

namespace VlSearch.Catalog;

/// <summary>
/// The catalog. One context type serves every provider: the provider and its migrations assembly are chosen by the
/// options (see <see cref="ICatalogProvider"/>), and the model is the same everywhere.
/// </summary>
public class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    /// <summary>Longest content hash stored (hex; room for a 256-bit hash).</summary>
    public const int HashLength = 64;

    public DbSet<Library> Libraries => Set<Library>();

    public DbSet<Photo> Photos => Set<Photo>();

    public DbSet<PhotoEmbedding> Embeddings => Set<PhotoEmbedding>();

    public DbSet<FileError> FileErrors => Set<FileError>();

    public DbSet<IndexJob> Jobs => Set<IndexJob>();

    public DbSet<IndexRemoval> IndexRemovals => Set<IndexRemoval>();

    /// <summary>Image features of the image–text matchers, per photo and matcher.</summary>
    public DbSet<ImageFeature> ImageFeatures => Set<ImageFeature>();

    /// <summary>Which version of each matcher made its stored features.</summary>
    public DbSet<ImageFeatureModel> ImageFeatureModels => Set<ImageFeatureModel>();

    /// <summary>Tags of photos: detected objects and attributes, zero-shot labels, people's own.</summary>
    public DbSet<PhotoTag> PhotoTags => Set<PhotoTag>();

    /// <summary>Which model each enrichment stage last ran with.</summary>
    public DbSet<EnrichmentStage> EnrichmentStages => Set<EnrichmentStage>();

    /// <summary>Which photos each enrichment stage has finished.</summary>
    public DbSet<PhotoEnrichment> PhotoEnrichments => Set<PhotoEnrichment>();

    /// <summary>The keyword index of the provider these options configure (see <see cref="KeywordStoreRegistration"/>).</summary>
    /// <exception cref="InvalidOperationException">The options were built without a provider's <c>Configure</c>.</exception>
    public IKeywordStore Keywords => options.FindExtension<KeywordStoreExtension>()?.Store
        ?? throw new InvalidOperationException("This catalog context has no keyword index: configure it through its provider (ICatalogProvider.Configure).");

    /// <summary>Clock for the timestamps filled on save; tests may replace it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTimes();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTimes();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Library>(e =>
        {
            e.ToTable("Libraries");
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.IncludeGlobs).HasConversion(JsonStringList.Converter, JsonStringList.Comparer);
            e.Property(x => x.ExcludeGlobs).HasConversion(JsonStringList.Converter, JsonStringList.Comparer);
            e.Property(x => x.ScanCron).HasMaxLength(100);
            e.HasMany(x => x.Photos).WithOne(x => x.Library).HasForeignKey(x => x.LibraryId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Photo>(e =>
        {
            e.ToTable("Photos");
            e.HasIndex(x => x.Path).IsUnique();
            e.Property(x => x.ContentHash).HasMaxLength(HashLength);
            e.HasIndex(x => x.ContentHash);
            e.HasIndex(x => x.TakenAt);
            e.Property(x => x.Format).HasMaxLength(16);
            e.Property(x => x.CaptionModel).HasMaxLength(200);
            e.Property(x => x.Tags).HasConversion(JsonStringList.Converter, JsonStringList.Comparer);
            e.Property(x => x.Keywords).HasConversion(JsonStringList.Converter, JsonStringList.Comparer);
            e.HasMany(x => x.Embeddings).WithOne(x => x.Photo).HasForeignKey(x => x.PhotoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PhotoEmbedding>(e =>
        {
            e.ToTable("Embeddings");
            e.HasKey(x => new { x.PhotoId, x.ModelId });
            e.Property(x => x.ModelId).HasMaxLength(200);
            e.Property(x => x.ContentHash).HasMaxLength(HashLength);
            // The indexer asks "which vectors of model M are not in the index yet".
            e.HasIndex(x => new { x.ModelId, x.IndexedAt });
        });

        modelBuilder.Entity<FileError>(e =>
        {
            e.ToTable("FileErrors");
            e.HasIndex(x => x.Path).IsUnique();
            e.Property(x => x.Stage).HasMaxLength(16);
            e.HasOne<Library>().WithMany().HasForeignKey(x => x.LibraryId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IndexRemoval>(e =>
        {
            e.ToTable("IndexRemovals");
            e.Property(x => x.ModelId).HasMaxLength(200);
        });

        modelBuilder.Entity<ImageFeature>(e =>
        {
            e.ToTable("ImageFeatures");
            e.HasKey(x => new { x.PhotoId, x.Model });
            e.Property(x => x.Model).HasMaxLength(200);
            e.Property(x => x.ContentHash).HasMaxLength(HashLength);
            // Led by the matcher for counting and removing its features; holding the photo and its content hash, it
            // answers "which photos miss current features" without reading rows whose features fill overflow pages.
            e.HasIndex(x => new { x.Model, x.PhotoId, x.ContentHash });
            // The database removes a photo's features with it, also when photos are deleted in bulk.
            e.HasOne<Photo>().WithMany().HasForeignKey(x => x.PhotoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ImageFeatureModel>(e =>
        {
            e.ToTable("ImageFeatureModels");
            e.HasKey(x => x.Model);
            e.Property(x => x.Model).HasMaxLength(200);
            e.Property(x => x.Fingerprint).HasMaxLength(200);
        });

        modelBuilder.Entity<PhotoTag>(e =>
        {
            e.ToTable("PhotoTags");
            e.Property(x => x.Label).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Source).HasMaxLength(200);
            e.HasIndex(x => x.PhotoId);
            // "tag:" filters and tag browsing look labels up across the library.
            e.HasIndex(x => x.Label);
            // A stage replaces its own tags of a photo (and drops them all when its model changes).
            e.HasIndex(x => new { x.Source, x.PhotoId });
            e.HasOne<Photo>().WithMany().HasForeignKey(x => x.PhotoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EnrichmentStage>(e =>
        {
            e.ToTable("EnrichmentStages");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Model).HasMaxLength(200);
            e.Property(x => x.Fingerprint).HasMaxLength(200);
        });

        modelBuilder.Entity<PhotoEnrichment>(e =>
        {
            e.ToTable("PhotoEnrichments");
            e.HasKey(x => new { x.PhotoId, x.Stage });
            e.Property(x => x.Stage).HasMaxLength(64);
            e.Property(x => x.ContentHash).HasMaxLength(HashLength);
            // Led by the stage: "which photos has it not finished" without scanning other stages' marks.
            e.HasIndex(x => new { x.Stage, x.PhotoId, x.ContentHash });
            e.HasOne<Photo>().WithMany().HasForeignKey(x => x.PhotoId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<IndexJob>(e =>
        {
            e.ToTable("Jobs");
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.State).HasMaxLength(16);
            e.Property(x => x.ModelId).HasMaxLength(200);
            e.Property(x => x.Owner).HasMaxLength(200);
            e.HasIndex(x => x.State);
            // Job history outlives the library it was about.
            e.HasOne<Library>().WithMany().HasForeignKey(x => x.LibraryId).OnDelete(DeleteBehavior.SetNull);
        });
    }

    private void StampTimes()
    {
        var now = CatalogTime.Now(Clock);
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added)
            {
                switch (entry.Entity)
                {
                    case Library library when library.CreatedAt == default:
                        library.CreatedAt = now;
                        break;
                    case Photo photo:
                        if (photo.AddedAt == default)
                        {
                            photo.AddedAt = now;
                        }

                        if (photo.UpdatedAt == default)
                        {
                            photo.UpdatedAt = now;
                        }

                        break;
                    case PhotoEmbedding embedding when embedding.EmbeddedAt == default:
                        embedding.EmbeddedAt = now;
                        break;
                    case FileError error when error.OccurredAt == default:
                        error.OccurredAt = now;
                        break;
                    case IndexRemoval removal when removal.RequestedAt == default:
                        removal.RequestedAt = now;
                        break;
                    case IndexJob job when job.CreatedAt == default:
                        job.CreatedAt = now;
                        break;
                    case ImageFeature feature when feature.UpdatedAt == default:
                        feature.UpdatedAt = now;
                        break;
                    case ImageFeatureModel version when version.UpdatedAt == default:
                        version.UpdatedAt = now;
                        break;
                    case PhotoTag tag when tag.CreatedAt == default:
                        tag.CreatedAt = now;
                        break;
                    case EnrichmentStage stage when stage.UpdatedAt == default:
                        stage.UpdatedAt = now;
                        break;
                    case PhotoEnrichment mark when mark.UpdatedAt == default:
                        mark.UpdatedAt = now;
                        break;
                }
            }
            else if (entry.State == EntityState.Modified && entry.Entity is Photo photo
                && !entry.Property(nameof(Photo.UpdatedAt)).IsModified)
            {
                photo.UpdatedAt = now;
            }
        }
    }
}
