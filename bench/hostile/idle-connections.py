# Usage (from the repository root, after dotnet build): N=2000 python3 bench/hostile/idle-connections.py <ulimit -n> [Key=Value ...]
# Starts the server in Production under the given open-file limit, opens N idle connections (half per port), prints RSS before/after and whether it survived.
import socket, subprocess, time, os, sys, base64, urllib.request, json
dll = os.environ.get("DLL", "src/ChatGrpc.Server/bin/Debug/net10.0/ChatGrpc.Server.dll")
rest, grpc = 18480, 18481
env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Kestrel__Endpoints__Rest__Url=f"http://127.0.0.1:{rest}", Kestrel__Endpoints__Grpc__Url=f"http://127.0.0.1:{grpc}")
env.update({k: v for k, v in (a.split("=", 1) for a in sys.argv[2:])})
limit = sys.argv[1]
log = open("/tmp/chatgrpc-idle-server.log", "wb")
p = subprocess.Popen(["bash", "-c", f"ulimit -n {limit} && exec dotnet {dll}"], env=env, stdout=log, stderr=subprocess.STDOUT, )
def rss():
    for line in open(f"/proc/{p.pid}/status"):
        if line.startswith("VmRSS"): return int(line.split()[1]) // 1024
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", rest)).close(); break
    except OSError: time.sleep(0.3)
time.sleep(2)
r0 = rss(); n = int(os.environ.get("N", "2000")); socks = []
for port in (rest, grpc):
    for _ in range(n // 2):
        try: socks.append(socket.create_connection(("127.0.0.1", port)))
        except OSError: pass
time.sleep(5)
alive = p.poll() is None
r1 = rss() if alive else None
print(json.dumps({"limit": limit, "connections_attempted": n, "rss_before_mb": r0, "rss_after_mb": r1, "alive": alive, "per_connection_kb": None if r1 is None else round((r1 - r0) * 1024 / n, 1)}))
for s in socks: s.close()
time.sleep(1)
p.terminate(); p.wait()
log.close()
print("log bytes:", os.path.getsize("/tmp/chatgrpc-idle-server.log"), "refused lines:", sum(1 for l in open("/tmp/chatgrpc-idle-server.log", errors="replace") if "connections in the last" in l))
