using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Packs;

public sealed partial class PackEndpointTests(PackArchiveApp app) : IClassFixture<PackArchiveApp>
{
    private static readonly string Folder = PackBuilder.Date(PackArchiveApp.Meeting);

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    [Fact]
    public async Task Every_archived_file_downloads_through_its_signed_link_byte_for_byte()
    {
        using var client = Client();
        Assert.Equal(4, app.Files.Count);
        foreach (var file in app.Files)
        {
            var response = await client.GetAsync(app.Links.Url(PackEndpoints.Prefix, Folder, Path.GetFileName(file)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var downloaded = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(SHA256.HashData(await File.ReadAllBytesAsync(file)), SHA256.HashData(downloaded));
        }

        var docx = await client.GetAsync(app.Links.Url(PackEndpoints.Prefix, Folder, Path.GetFileName(app.Files.Single(f => f.EndsWith(".docx", StringComparison.Ordinal)))));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_folder_link_lists_the_pack_with_links_that_download()
    {
        using var client = Client();
        var index = await client.GetStringAsync(app.Links.Url(PackEndpoints.Prefix, Folder, null));
        var links = LinkPattern().Matches(index).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(app.Files.Select(Path.GetFileName).Order(StringComparer.Ordinal), links.Select(l => l.Split('?')[0].Split('/')[^1]));
        Assert.DoesNotContain(PackLinks.KeyFileName, index, StringComparison.Ordinal);
        foreach (var link in links)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        }
    }

    [Fact]
    public async Task A_link_without_its_signature_or_with_another_files_signature_is_refused()
    {
        using var client = Client();
        var docx = Path.GetFileName(app.Files[0]);
        var good = app.Links.Url(PackEndpoints.Prefix, Folder, docx);
        var signature = good.Split("sig=")[1];
        var tampered = good[..^1] + (good[^1] == 'A' ? 'B' : 'A');
        var html = Path.GetFileName(app.Files.Single(f => f.EndsWith(".html", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{PackEndpoints.Prefix}/{Folder}/{docx}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{PackEndpoints.Prefix}/{Folder}/{html}?sig={signature}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{PackEndpoints.Prefix}/{Folder}/?sig={signature}")).StatusCode);
        // A key of the same length but not the archive's signs nothing.
        var stranger = new PackLinks(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(stranger.Url(PackEndpoints.Prefix, Folder, docx))).StatusCode);
    }

    [Fact]
    public async Task Names_that_would_leave_the_archive_are_refused_even_when_signed()
    {
        using var client = Client();
        var secret = Path.Combine(Path.GetDirectoryName(app.Archive)!, "outside-" + Path.GetFileName(app.Archive) + ".txt");
        await File.WriteAllTextAsync(secret, "not a pack");
        try
        {
            var links = app.Links;
            var key = await File.ReadAllTextAsync(Path.Combine(app.Archive, PackLinks.KeyFileName));
            Assert.False(string.IsNullOrWhiteSpace(key));
            foreach (var (folder, file) in new[]
            {
                ("..", Path.GetFileName(secret)),
                (Folder, "../" + PackLinks.KeyFileName),
                (Folder, "..%2F" + PackLinks.KeyFileName),
                ("..%2F..%2Fetc", "passwd"),
                (Folder, PackLinks.KeyFileName),
            })
            {
                var signature = links.Sign(folder, file);
                var response = await client.GetAsync($"{PackEndpoints.Prefix}/{folder}/{file}?sig={signature}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain(key.Trim(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // The key file itself, one level up from the pack's folder, is not a pack either.
            var keyLink = $"{PackEndpoints.Prefix}/{PackLinks.KeyFileName}/x?sig={app.Links.Sign(PackLinks.KeyFileName, "x")}";
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(keyLink)).StatusCode);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [GeneratedRegex("<a href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}
