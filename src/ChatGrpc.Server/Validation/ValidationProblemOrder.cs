namespace ChatGrpc.Server.Validation;

/// <summary>Puts problems in schema order. (Stub: being written.)</summary>
public static class ValidationProblemOrder
{
    public static void Sort(List<ValidationProblem> problems)
    {
    }
}
