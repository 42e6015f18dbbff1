namespace ChatGrpc.IntegrationTests.Differential;

/// <summary>A fact that needs python3 with Pydantic v2, skipped with the reason where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PydanticFactAttribute : FactAttribute
{
    public PydanticFactAttribute()
    {
        if (PydanticOracle.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
