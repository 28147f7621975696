# live_capture.ps1 -Exe PATH\wstrace.exe [-Work DIR]
#
# A real live capture on a Windows machine (run elevated; the GitHub
# hosted runners are). Starts `wstrace start --format json --etl` in the
# background, makes a TCP connection and a UDP exchange over loopback from
# this PowerShell process, checks `wstrace status` while the session runs,
# ends the capture with `wstrace stop` from here, and asserts:
#   - the TCP client socket's create, connect and close appear, with this
#     process's PID and image name, and the connect names 127.0.0.1:PORT;
#   - the start exits 0 (or 4 when Windows reported lost events);
#   - the .etl written alongside decodes with `wstrace parse` to a stream
#     that has the same connect.
# It cannot run on Linux or under Wine (no real ETW there).
param(
	[Parameter(Mandatory = $true)][string]$Exe,
	[string]$Work = (Join-Path $PWD 'live-capture')
)
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $Work | Out-Null
$jsonl = Join-Path $Work 'capture.jsonl'
$errlog = Join-Path $Work 'capture.err'
$etl = Join-Path $Work 'capture.etl'
$failures = 0
function Fail([string]$what) { Write-Host "FAIL: $what"; $script:failures++ }

# 1. The capture, in the background. --force: a session left by an earlier
#    failed run of this script is taken over.
$start = Start-Process -FilePath $Exe -PassThru -NoNewWindow `
	-ArgumentList @('start', '--format', 'json', '--duration', '120', '--force', '--etl', "`"$etl`"") `
	-RedirectStandardOutput $jsonl -RedirectStandardError $errlog
$null = $start.Handle   # keeps the exit code readable after the process ends
Start-Sleep -Seconds 5
if ($start.HasExited) { Get-Content $errlog; throw "wstrace start ended at once (exit $($start.ExitCode))" }

# 2. status sees the session, with AFD enabled in it.
$status = & $Exe status --format json | ForEach-Object { $_ | ConvertFrom-Json }
$ours = $status | Where-Object { $_.session -eq 'wstrace' }
if (-not $ours) { Fail "wstrace status does not list the session: $status" }
elseif (-not $ours.afd) { Fail "wstrace status does not see AFD enabled in the session" }

# 3. Traffic from this process: a TCP connection, then a UDP exchange.
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start()
$port = $listener.LocalEndpoint.Port
$client = [System.Net.Sockets.TcpClient]::new([System.Net.Sockets.AddressFamily]::InterNetwork)
$client.Connect('127.0.0.1', $port)
$server = $listener.AcceptTcpClient()
$bytes = [System.Text.Encoding]::ASCII.GetBytes('hello wstrace')
$client.GetStream().Write($bytes, 0, $bytes.Length)
$buffer = New-Object byte[] 64
[void]$server.GetStream().Read($buffer, 0, $buffer.Length)
$client.Close(); $server.Close(); $listener.Stop()

$udpA = [System.Net.Sockets.UdpClient]::new(0)
$udpB = [System.Net.Sockets.UdpClient]::new(0)
$udpPort = $udpB.Client.LocalEndPoint.Port
[void]$udpA.Send($bytes, $bytes.Length, '127.0.0.1', $udpPort)
$peer = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
[void]$udpB.Receive([ref]$peer)
$udpA.Close(); $udpB.Close()

# 4. Real-time buffers are flushed every second: give them time, then stop
#    the session from here; the start must end by itself.
Start-Sleep -Seconds 4
& $Exe stop
if ($LASTEXITCODE -ne 0) { Fail "wstrace stop exited $LASTEXITCODE" }
if (-not $start.WaitForExit(30000)) { $start.Kill(); throw 'wstrace start did not end after wstrace stop' }
$code = $start.ExitCode
Write-Host "wstrace start exited $code; stderr:"; Get-Content $errlog
if ($code -ne 0 -and $code -ne 4) { Fail "wstrace start exited $code" }

# 5. The stream.
$events = Get-Content $jsonl | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json }
Write-Host "$($events.Count) lines; this process is $PID"
$image = (Get-Process -Id $PID).ProcessName + '.exe'
$target = "127.0.0.1:$port"
$connects = $events | Where-Object {
	$_.event -eq 'connect' -and ($_.remote -eq $target -or ($_.addr -eq '127.0.0.1' -and $_.port -eq $port))
}
if (-not $connects) {
	Fail "no connect to $target"
} else {
	$c = $connects | Select-Object -First 1
	if ($c.pid -ne $PID) { Fail "connect to $target has pid $($c.pid), expected $PID" }
	if ($c.image -ne $image) { Fail "connect to $target has image '$($c.image)', expected '$image'" }
	$endpoint = $c.endpoint
	$create = $events | Where-Object { $_.event -eq 'create' -and $_.endpoint -eq $endpoint }
	$close = $events | Where-Object { $_.event -eq 'close' -and $_.endpoint -eq $endpoint }
	if (-not $create) { Fail "no create of the client socket $endpoint" }
	elseif (($create | Select-Object -First 1).pid -ne $PID) { Fail "create of $endpoint has another pid" }
	if (-not $close) { Fail "no close of the client socket $endpoint" }
	elseif (($close | Select-Object -Last 1).pid -ne $PID) { Fail "close of $endpoint has another pid" }
}
$udp = $events | Where-Object { $_.pid -eq $PID -and ($_.port -eq $udpPort -or $_.remote -like "*:$udpPort" -or $_.local -like "*:$udpPort") }
if (-not $udp) { Write-Warning "no event names the UDP port $udpPort (the UDP exchange is informational)" }
$stats = $events | Where-Object { $_.event -eq 'stats' } | Select-Object -Last 1
if (-not $stats) { Fail 'the JSON stream does not end with a stats line' }

# 6. The .etl written alongside decodes to the same connect.
$parsed = & $Exe parse $etl --format json | ForEach-Object { $_ | ConvertFrom-Json }
$again = $parsed | Where-Object { $_.event -eq 'connect' -and ($_.remote -eq $target -or ($_.addr -eq '127.0.0.1' -and $_.port -eq $port)) }
if (-not $again) { Fail "wstrace parse of $etl lacks the connect to $target" }

if ($failures) { throw "$failures check(s) failed; the capture is in $Work" }
Write-Host 'live capture: all checks passed'
