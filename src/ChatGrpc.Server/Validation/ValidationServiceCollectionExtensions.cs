namespace ChatGrpc.Server.Validation;

/// <summary>Registration of request validation.</summary>
internal static class ValidationServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>ChatGrpc:Validation</c> at start-up (it has no rule beyond its type: a value that is not a boolean stops
    /// start-up, named by the binder) and registers the validator of chat.proto's rules, built at start-up by the
    /// start-up check.
    /// </summary>
    public static IServiceCollection AddChatGrpcValidation(this IServiceCollection services)
    {
        services.AddOptions<ValidationOptions>().BindConfiguration(ValidationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<ChatRequestValidator>();
        return services;
    }
}
