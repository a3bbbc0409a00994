//! A running `guide serve` (or `guide build --watch`) and a minimal HTTP client for it,
//! written on plain TCP so requests go out exactly as written (no client normalises `..`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

/// Generous: only reached when something is broken (never a timing assertion).
pub(crate) const PATIENCE: Duration = Duration::from_secs(30);

/// A child process whose output lines arrive on channels; killed when dropped.
pub(crate) struct Running {
    pub child: Child,
    pub stdout: Receiver<String>,
    pub stderr: Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_of(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Running {
    /// Runs `guide ARGS` in `dir`.
    pub(crate) fn start(dir: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guide"))
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout: ChildStdout = child.stdout.take().unwrap();
        let stderr: ChildStderr = child.stderr.take().unwrap();
        Running {
            child,
            stdout: lines_of(stdout),
            stderr: lines_of(stderr),
        }
    }

    /// The next stdout line that contains `needle`.
    #[track_caller]
    pub(crate) fn stdout_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => {
                    let stderr: Vec<String> = self.stderr.try_iter().collect();
                    panic!(
                        "no line with {needle:?} on stdout; stderr:\n{}",
                        stderr.join("\n")
                    )
                }
            }
        }
    }
}

/// `guide serve` on a free port.
pub(crate) struct Server {
    pub process: Running,
    pub addr: SocketAddr,
    /// The served base path, e.g. `/repo/`.
    pub base: String,
}

impl Server {
    #[track_caller]
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--port", "0"];
        args.extend_from_slice(extra);
        let process = Running::start(root, &args);
        let line = process.stdout_line("serving http://");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap();
        let rest = url.trim_start_matches("http://");
        let slash = rest.find('/').unwrap();
        Server {
            addr: rest[..slash].parse().unwrap(),
            base: rest[slash..].to_string(),
            process,
        }
    }

    /// GET a path under the base path (`"part/one/"`).
    pub(crate) fn get(&self, path: &str) -> Response {
        self.get_raw(&format!("{}{path}", self.base))
    }

    /// GET exactly this request target.
    pub(crate) fn get_raw(&self, target: &str) -> Response {
        get(self.addr, target)
    }

    /// Subscribes to the reload channel and waits until it is live.
    #[track_caller]
    pub(crate) fn events(&self) -> Events {
        let events = Events::open(self.addr);
        let hello = events.next();
        assert_eq!(hello.name, "hello", "{hello:?}");
        events
    }
}

#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn get(addr: SocketAddr, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let mut body = Vec::new();
    reader.read_to_end(&mut body).unwrap();
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((name, value)) = l.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    (status, headers)
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub(crate) struct SseEvent {
    pub name: String,
    pub data: String,
}

/// A connection to the reload channel; events arrive on a channel as they are read.
pub(crate) struct Events {
    events: Receiver<SseEvent>,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__guide/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, events) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let (status, headers) = read_head(&mut reader);
            assert_eq!(status, 200);
            let chunked = headers
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
            let mut text = String::new();
            loop {
                // De-chunk: each chunk's bytes are appended to the event text.
                let mut piece = vec![];
                if chunked {
                    let mut size = String::new();
                    if reader.read_line(&mut size).unwrap_or(0) == 0 {
                        return;
                    }
                    let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    piece.resize(n + 2, 0);
                    if reader.read_exact(&mut piece).is_err() {
                        return;
                    }
                    piece.truncate(n);
                } else {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    piece = line.into_bytes();
                }
                text.push_str(&String::from_utf8_lossy(&piece));
                while let Some(end) = text.find("\n\n") {
                    let block: String = text.drain(..end + 2).collect();
                    let mut event = SseEvent {
                        name: "message".into(),
                        data: String::new(),
                    };
                    let mut is_event = false;
                    for line in block.lines() {
                        if let Some(v) = line.strip_prefix("event:") {
                            event.name = v.trim().to_string();
                            is_event = true;
                        } else if let Some(v) = line.strip_prefix("data:") {
                            event.data.push_str(v.trim());
                            is_event = true;
                        }
                    }
                    // Keep-alive comments carry no event.
                    if is_event && tx.send(event).is_err() {
                        return;
                    }
                }
            }
        });
        Events { events }
    }

    /// The next event.
    #[track_caller]
    pub(crate) fn next(&self) -> SseEvent {
        self.events
            .recv_timeout(PATIENCE)
            .expect("no event on the reload channel")
    }

    /// Any event that is already here, without waiting.
    pub(crate) fn pending(&self) -> Vec<SseEvent> {
        self.events.try_iter().collect()
    }
}
