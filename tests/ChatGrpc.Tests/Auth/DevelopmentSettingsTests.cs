using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatGrpc.Server.Auth;

namespace ChatGrpc.Tests.Auth;

public sealed class DevelopmentSettingsTests
{
    [Fact]
    public void DevelopmentUser_HasAHashOfTheDocumentedPassword()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(FindDevelopmentSettings()));
        var hashText = settings.RootElement.GetProperty("ChatGrpc").GetProperty("Auth").GetProperty("Users").GetProperty("dev").GetString();

        Assert.True(PasswordHash.TryParse(hashText, out var hash));
        Assert.Equal(Pbkdf2PasswordHasher.DefaultIterations, hash.Iterations);
        Assert.True(new Pbkdf2PasswordHasher().Verify("dev-password"u8, hash));
    }

    [Fact]
    public void DevelopmentApiKey_IsTheDocumentedKeyOfTheDevelopmentUser()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(FindDevelopmentSettings()));
        var key = settings.RootElement.GetProperty("ChatGrpc").GetProperty("Auth").GetProperty("ApiKeys").GetProperty("dev");

        Assert.Equal("dev", key.GetProperty("User").GetString());
        Assert.Equal(ApiKeyHash.Of("cgk_dev-key-for-development-only").Encode(), key.GetProperty("Hash").GetString());
    }

    // Test output may live outside the checkout (--artifacts-path), so the search also starts from this source file.
    private static string FindDevelopmentSettings([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "src", "ChatGrpc.Server", "appsettings.Development.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("src/ChatGrpc.Server/appsettings.Development.json was not found above " + sourceFile);
    }
}
