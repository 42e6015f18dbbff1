using ChatGrpc.Server.Calls;
using ChatGrpc.Server.Errors;
using ChatGrpc.V1;

namespace ChatGrpc.Server.Routing;

/// <summary>
/// What becomes of the request's fields a model cannot honour, before any of its deployments is called: the fields
/// its providers would ignore or misread (its <c>UnsupportedFields</c>) and those outside OpenAI's schema
/// (<c>extra_body</c>, its <c>ExtraFields</c>). Each is dropped (and the caller told in a header), or refused: for the
/// model the caller named, with a 400; for a fallback model, by skipping it.
/// </summary>
internal sealed class RequestFieldPolicy(ILogger logger)
{
    /// <summary>Drops or refuses the request's fields <paramref name="model"/> cannot honour.</summary>
    /// <param name="isRequested">Whether the caller named this model, rather than it being a fallback.</param>
    /// <returns>False when a fallback model must be skipped (recorded in <paramref name="attempts"/>).</returns>
    /// <exception cref="ChatCompletionException">The model the caller named refuses a field the request holds.</exception>
    public bool Admit(CallContext call, CreateChatCompletionRequest request, RoutedModel model, bool isRequested, AttemptLog attempts)
    {
        if (!AdmitExtraFields(call, request, model, isRequested, attempts))
        {
            return false;
        }

        foreach (var field in model.UnsupportedFields)
        {
            if (!field.IsSet(request))
            {
                continue;
            }

            if (model.UnsupportedFieldMode == UnsupportedFieldMode.Drop)
            {
                field.Clear(request);
                call.RecordDroppedField(field.Name);
                RoutingLog.FieldDropped(logger, model.Name, field.Name);
                continue;
            }

            if (!isRequested)
            {
                attempts.Refused(model, field.Name);
                return false;
            }

            throw new ChatCompletionException(
                ChatErrorKind.BadRequest,
                $"The model '{model.Name}' cannot honour '{field.Name}': its provider would ignore or misread it. Remove the field, or ask the gateway's operators to set the model's UnsupportedFields to Drop.")
            {
                Param = field.Name,
            };
        }

        return true;
    }

    /// <summary>Applies the model's ExtraFields to the request's <c>extra_body</c>: false when a fallback model must be skipped.</summary>
    private bool AdmitExtraFields(CallContext call, CreateChatCompletionRequest request, RoutedModel model, bool isRequested, AttemptLog attempts)
    {
        if (request.ExtraBody is not { Fields.Count: > 0 } extras)
        {
            return true;
        }

        // Over gRPC extra_body can name a typed field; sending both would give the upstream two values for one key.
        foreach (var key in extras.Fields.Keys)
        {
            if (OpenAi.Reading.RequestReader.NamesField(key))
            {
                throw new ChatCompletionException(
                    ChatErrorKind.BadRequest,
                    $"extra_body holds '{key}', a field of the request itself: set it there instead.")
                {
                    Param = "extra_body",
                };
            }
        }

        switch (model.ExtraFieldMode)
        {
            case ExtraFieldMode.Drop:
                foreach (var key in extras.Fields.Keys)
                {
                    call.RecordDroppedField(DroppedFieldName(key));
                }

                RoutingLog.ExtraFieldsDropped(logger, model.Name, extras.Fields.Count);
                request.ExtraBody = null;
                return true;
            case ExtraFieldMode.Refuse:
                var first = DroppedFieldName(extras.Fields.Keys.First());
                if (!isRequested)
                {
                    attempts.Refused(model, first);
                    return false;
                }

                throw new ChatCompletionException(
                    ChatErrorKind.BadRequest,
                    $"The model '{model.Name}' does not take '{first}', a field outside OpenAI's Chat Completions schema. Remove it, or ask the gateway's operators to set the model's ExtraFields to Pass or Drop.")
                {
                    Param = first,
                };
            default:
                return true;
        }
    }

    /// <summary>
    /// A caller's key as a header value and a message may show it: at most 64 characters, anything but letters, digits
    /// and <c>_ - . :</c> replaced by <c>_</c> (a header value cannot hold control characters, and the caller must not
    /// size what the gateway writes).
    /// </summary>
    private static string DroppedFieldName(string key)
    {
        var length = Math.Min(key.Length, 64);
        return string.Create(length, key, static (span, key) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = key[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' ? c : '_';
            }
        });
    }
}
