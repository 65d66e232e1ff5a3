using Microsoft.EntityFrameworkCore;

namespace VlSearch.Catalog.Tests;

/// <summary>Multi-row inserts of tags and stage marks, on every provider.</summary>
public abstract partial class CatalogBehaviour
{
    [SkippableFact]
    public async Task Bulk_inserted_tags_and_marks_read_back_through_the_model_with_nulls_times_and_more_rows_than_one_statement_holds()
    {
        var factory = await MigratedAsync();
        var created = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1230);
        List<long> ids;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var library = Samples.Library("bulk");
            var photos = Enumerable.Range(0, 3).Select(i => Samples.Photo(library, $"/bulk/{i}.jpg", Samples.Hash($"b{i}"))).ToList();
            db.AddRange(photos);
            await db.SaveChangesAsync();
            ids = [.. photos.Select(p => p.Id)];
        }

        var tags = Enumerable.Range(0, CatalogBulk.RowsPerStatement + 7).Select(i => new PhotoTag
        {
            PhotoId = ids[i % 3],
            Label = $"label {i}",
            Kind = i % 2 == 0 ? PhotoTagKinds.Object : PhotoTagKinds.ZeroShot,
            Confidence = i / 1000f,
            Source = "bulk-model",
            Detection = i % 2 == 0 ? i : null,
            BoxX = i % 2 == 0 ? 0.25f : null,
            BoxY = i % 2 == 0 ? 0.5f : null,
            BoxWidth = i % 2 == 0 ? 0.125f : null,
            BoxHeight = i % 2 == 0 ? 0.0625f : null,
            CreatedAt = created,
        }).ToList();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await CatalogBulk.InsertTagsAsync(db, tags, CancellationToken.None);
            await CatalogBulk.InsertMarksAsync(db, [.. ids.Select(id => new PhotoEnrichment { PhotoId = id, Stage = "objects", ContentHash = Samples.Hash($"mark {id}") })], CancellationToken.None);
            await CatalogBulk.InsertTagsAsync(db, [], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var read = await db.PhotoTags.AsNoTracking().ToListAsync();
            Assert.Equal(tags.Count, read.Count);
            Assert.Equal(tags.Count, read.Select(t => t.Id).Distinct().Count());
            foreach (var expected in tags)
            {
                var actual = Assert.Single(read, t => t.Label == expected.Label);
                Assert.Equal(expected.PhotoId, actual.PhotoId);
                Assert.Equal(expected.Kind, actual.Kind);
                Assert.Equal(expected.Confidence, actual.Confidence);
                Assert.Equal(expected.Source, actual.Source);
                Assert.Equal(expected.Detection, actual.Detection);
                Assert.Equal(expected.BoxX, actual.BoxX);
                Assert.Equal(expected.BoxHeight, actual.BoxHeight);
                Assert.Equal(created.Ticks, actual.CreatedAt.Ticks);
            }

            // Times written by the bulk path compare with times written by the model, as the runner's "since" queries need.
            Assert.Equal(tags.Count, await db.PhotoTags.CountAsync(t => t.CreatedAt >= created));
            Assert.Equal(0, await db.PhotoTags.CountAsync(t => t.CreatedAt > created.AddTicks(10)));
            var marks = await db.PhotoEnrichments.AsNoTracking().OrderBy(m => m.PhotoId).ToListAsync();
            Assert.Equal(ids, marks.Select(m => m.PhotoId));
            Assert.All(marks, m => Assert.Equal("objects", m.Stage));
            Assert.Equal(Samples.Hash($"mark {ids[1]}"), marks[1].ContentHash);
            Assert.All(marks, m => Assert.NotEqual(default, m.UpdatedAt));
        }
    }
}
