using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatGrpc.Tests.OpenAi.Writing;

/// <summary>Runs a writer into a string and compares whole documents, key order included.</summary>
internal static class WrittenJson
{
    public static string Of(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The expected text is normalised to compact form, so a mismatch shows as a string diff at the first
    /// differing key; the written text must also be one well-formed document without duplicate keys.
    /// </summary>
    public static void AssertEqual(string expectedJson, string actualJson)
    {
        using (JsonDocument.Parse(actualJson, new JsonDocumentOptions { AllowDuplicateProperties = false }))
        {
        }

        var expected = JsonNode.Parse(expectedJson)!.ToJsonString();
        Assert.Equal(expected, actualJson);
    }

    /// <summary>What a second run of <paramref name="write"/> allocates on this thread, into a reused writer.</summary>
    public static long AllocatedBytesOfSecondRun(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer);

        // The first run pays for static tables, cached delegates and JIT; the second shows the steady state of a stream.
        write(writer);
        writer.Flush();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        write(writer);
        writer.Flush();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
