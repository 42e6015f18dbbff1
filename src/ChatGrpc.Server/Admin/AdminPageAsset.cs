using System.Security.Cryptography;

namespace ChatGrpc.Server.Admin;

/// <summary>One of the page's files, read once from the assembly, with its media type and an ETag of its bytes.</summary>
internal sealed record AdminPageAsset(string Name, string ContentType, byte[] Content)
{
    public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(Content).AsSpan(0, 8)) + "\"";

    public static AdminPageAsset Load(string name, string contentType)
    {
        var resource = $"ChatGrpc.Server.Admin.Page.{name}";
        using var stream = typeof(AdminPageAsset).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The operator's page file {resource} is not embedded in the server.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new AdminPageAsset(name, contentType, copy.ToArray());
    }
}
