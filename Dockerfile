# syntax=docker/dockerfile:1
# Build: the SDK image compiles the protos (Grpc.Tools ships protoc) and publishes the server.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/ protos/
COPY src/ src/
RUN dotnet restore src/ChatGrpc.Server/ChatGrpc.Server.csproj
RUN dotnet publish src/ChatGrpc.Server/ChatGrpc.Server.csproj --configuration Release --no-restore --output /app

# Run: the ASP.NET Core runtime only, as the image's non-root user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_ENVIRONMENT=Production \
    Kestrel__Endpoints__Rest__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:8081
# REST (HTTP/1.1, OpenAI wire format) and gRPC (HTTP/2 cleartext).
EXPOSE 8080 8081
USER $APP_UID
# Users come from configuration, e.g. -e ChatGrpc__Auth__Users__alice='pbkdf2-sha256$...'
ENTRYPOINT ["dotnet", "ChatGrpc.Server.dll"]
