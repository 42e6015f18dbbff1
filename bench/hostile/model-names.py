# Usage (from the repository root, after dotnet build): python3 bench/hostile/model-names.py
# 20 calls with distinct 1 MB model names, then GET /metrics; prints the statuses, the log bytes written and RSS.
import subprocess, os, time, json, base64, urllib.request, urllib.error, socket
dll = os.environ.get("DLL", "src/ChatGrpc.Server/bin/Debug/net10.0/ChatGrpc.Server.dll")
h = subprocess.run(["dotnet", dll, "hash-password"], input=b"pw-for-alice", capture_output=True).stdout.decode().strip()
env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Kestrel__Endpoints__Rest__Url="http://127.0.0.1:18580", Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:18581", ChatGrpc__Auth__Users__alice=h)
log = open("/tmp/chatgrpc-names.log", "wb")
p = subprocess.Popen(["dotnet", dll], env=env, stdout=log, stderr=subprocess.STDOUT, )
auth = "Basic " + base64.b64encode(b"alice:pw-for-alice").decode()
for _ in range(100):
    try: socket.create_connection(("127.0.0.1", 18580)).close(); break
    except OSError: time.sleep(0.3)
time.sleep(1)
size0 = os.path.getsize("/tmp/chatgrpc-names.log")
statuses = []
for i in range(20):
    body = json.dumps({"model": f"m{i}-" + "x" * (1024 * 1024), "messages": [{"role": "user", "content": "hi"}]}).encode()
    req = urllib.request.Request("http://127.0.0.1:18580/api/v1/openai/chat/completions", body, {"Content-Type": "application/json", "Authorization": auth})
    try: statuses.append(urllib.request.urlopen(req).status)
    except urllib.error.HTTPError as e: statuses.append(e.code)
req = urllib.request.Request("http://127.0.0.1:18580/metrics", headers={"Authorization": auth})
try:
    r = urllib.request.urlopen(req); m = (r.status, len(r.read()))
except urllib.error.HTTPError as e: m = (e.code, 0)
time.sleep(1)
for line in open(f"/proc/{p.pid}/status"):
    if line.startswith("VmRSS"): rss = int(line.split()[1]) // 1024
print(json.dumps({"call_statuses": sorted(set(statuses)), "metrics_status_and_bytes": m, "log_bytes_for_20_calls": os.path.getsize("/tmp/chatgrpc-names.log") - size0, "rss_mb": rss}))
p.terminate(); p.wait()
