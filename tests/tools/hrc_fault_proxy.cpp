// hrc-fault-proxy — a TCP proxy for tests that breaks connections on purpose.
//
// It sits between hrc-sync and hrc-central and never decrypts anything: TLS passes through it as
// bytes. Each accepted connection takes the next mode from --faults (then `pass` forever):
//
//   pass          forward both ways
//   reset         reset the connection at once (RST), before anything is forwarded
//   reset-upload  forward the client's bytes; once more than --upload-bytes have gone to the
//                 server (the batch is on its way), reset both sides before any reply
//   drop-reply    forward the request; once more than --upload-bytes have gone to the server,
//                 swallow everything the server says and reset the client as soon as the server
//                 has answered (central has committed; the agent never hears it)
//   stall         like drop-reply, but hold the connection open silently until the client gives up
//   stall-upload  once more than --upload-bytes have gone to the server, stop forwarding the
//                 client's bytes for --stall-seconds (default 40), then go on as `pass`; the
//                 server's answers (e.g. its body-read timeout) still reach the client
//
// Usage: hrc-fault-proxy --listen 127.0.0.1:0 --target 127.0.0.1:8443 --faults reset,drop-reply,pass
//        [--upload-bytes N] [--stall-seconds S]
// Prints "hrc-fault-proxy: listening on 127.0.0.1:PORT" once ready; one line per connection on
// stderr. Exit codes: 0 on SIGTERM, 2 usage, 10 socket error.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

enum class Mode { pass, reset, reset_upload, drop_reply, stall, stall_upload };

std::optional<Mode> parse_mode(const std::string& s) {
    if (s == "pass") return Mode::pass;
    if (s == "reset") return Mode::reset;
    if (s == "reset-upload") return Mode::reset_upload;
    if (s == "drop-reply") return Mode::drop_reply;
    if (s == "stall") return Mode::stall;
    if (s == "stall-upload") return Mode::stall_upload;
    return std::nullopt;
}

const char* name_of(Mode m) {
    switch (m) {
    case Mode::pass:
        return "pass";
    case Mode::reset:
        return "reset";
    case Mode::reset_upload:
        return "reset-upload";
    case Mode::drop_reply:
        return "drop-reply";
    case Mode::stall:
        return "stall";
    case Mode::stall_upload:
        return "stall-upload";
    }
    return "?";
}

bool split_host_port(const std::string& s, sockaddr_in& out) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos) return false;
    out = {};
    out.sin_family = AF_INET;
    out.sin_port = htons(static_cast<std::uint16_t>(std::stoi(s.substr(colon + 1))));
    return ::inet_pton(AF_INET, s.substr(0, colon).c_str(), &out.sin_addr) == 1;
}

// Closes with RST instead of FIN, so the peer sees "connection reset".
void reset_close(int fd) {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
}

std::mutex log_mutex;
void log(const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    std::cerr << "hrc-fault-proxy: " << line << std::endl;
}

void serve_connection(int client, sockaddr_in target, Mode mode, long upload_bytes,
                      int stall_seconds, int id) {
    log("connection " + std::to_string(id) + ": " + name_of(mode));
    if (mode == Mode::reset) {
        reset_close(client);
        return;
    }
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server < 0 || ::connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
        log("connection " + std::to_string(id) +
            ": cannot reach the target: " + std::strerror(errno));
        if (server >= 0) ::close(server);
        reset_close(client);
        return;
    }
    long uploaded = 0;
    bool tripped = false; // the upload threshold was crossed: the fault is now active
    char buf[16384];
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    std::optional<std::chrono::steady_clock::time_point>
        stall_until; // stall-upload: while set, the client is not read
    for (;;) {
        int timeout_ms = -1;
        if (stall_until) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                *stall_until - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                log("connection " + std::to_string(id) + ": upload resumed after " +
                    std::to_string(stall_seconds) + " s");
                stall_until.reset();
                mode = Mode::pass;
            } else {
                timeout_ms = static_cast<int>(left.count());
            }
        }
        fds[0].events = stall_until ? 0 : POLLIN;
        fds[0].revents = fds[1].revents = 0;
        const int ready = ::poll(fds, 2, timeout_ms);
        if (ready < 0) break;
        if (ready == 0) continue;
        if (stall_until) fds[0].revents &= ~POLLIN;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::read(client, buf, sizeof buf);
            if (n <= 0) break;
            if (::write(server, buf, static_cast<std::size_t>(n)) != n) break;
            uploaded += n;
            if (mode != Mode::pass && uploaded > upload_bytes) tripped = true;
            if (tripped && mode == Mode::stall_upload && !stall_until) {
                log("connection " + std::to_string(id) + ": upload stalled after " +
                    std::to_string(uploaded) + " bytes for " + std::to_string(stall_seconds) +
                    " s");
                stall_until =
                    std::chrono::steady_clock::now() + std::chrono::seconds(stall_seconds);
            }
            if (tripped && mode == Mode::reset_upload) {
                log("connection " + std::to_string(id) + ": reset after " +
                    std::to_string(uploaded) + " bytes uploaded");
                reset_close(client);
                reset_close(server);
                return;
            }
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::read(server, buf, sizeof buf);
            if (n <= 0) break;
            if (tripped && mode == Mode::drop_reply) {
                log("connection " + std::to_string(id) + ": reply dropped (" + std::to_string(n) +
                    " bytes), client reset");
                reset_close(client);
                ::close(server);
                return;
            }
            if (tripped && mode == Mode::stall) continue; // swallow; the client times out
            if (::write(client, buf, static_cast<std::size_t>(n)) != n) break;
        }
    }
    ::close(client);
    ::close(server);
}

std::atomic<bool> stopping{false};
int listener = -1;

void on_signal(int) {
    stopping = true;
    if (listener >= 0) ::shutdown(listener, SHUT_RDWR);
}

} // namespace

int main(int argc, char** argv) {
    std::string listen = "127.0.0.1:0", target_text, faults;
    long upload_bytes = 2048;
    int stall_seconds = 40;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--listen")
            listen = value();
        else if (a == "--target")
            target_text = value();
        else if (a == "--faults")
            faults = value();
        else if (a == "--upload-bytes")
            upload_bytes = std::stol(value());
        else if (a == "--stall-seconds")
            stall_seconds = std::stoi(value());
        else {
            std::cerr << "usage: hrc-fault-proxy --listen HOST:PORT --target HOST:PORT [--faults "
                         "m1,m2,…] [--upload-bytes N] [--stall-seconds S]\n"
                         "modes: pass, reset, reset-upload, drop-reply, stall (one per accepted "
                         "connection, then pass)\n"
                         "example: hrc-fault-proxy --listen 127.0.0.1:0 --target 127.0.0.1:8443 "
                         "--faults reset,drop-reply\n";
            return a == "--help" ? 0 : 2;
        }
    }
    sockaddr_in listen_addr{}, target{};
    if (!split_host_port(listen, listen_addr) || !split_host_port(target_text, target)) {
        std::cerr << "hrc-fault-proxy: --listen and --target must be IPv4 HOST:PORT\n";
        return 2;
    }
    std::vector<Mode> schedule;
    for (std::size_t start = 0; start < faults.size();) {
        const auto comma = faults.find(',', start);
        const std::string item =
            faults.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto mode = parse_mode(item);
        if (!mode) {
            std::cerr << "hrc-fault-proxy: unknown mode \"" << item << "\"\n";
            return 2;
        }
        schedule.push_back(*mode);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);

    listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    socklen_t len = sizeof listen_addr;
    if (listener < 0 ||
        ::bind(listener, reinterpret_cast<sockaddr*>(&listen_addr), sizeof listen_addr) != 0 ||
        ::listen(listener, 64) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&listen_addr), &len) != 0) {
        std::cerr << "hrc-fault-proxy: cannot listen on " << listen << ": " << std::strerror(errno)
                  << "\n";
        return 10;
    }
    char host[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &listen_addr.sin_addr, host, sizeof host);
    std::cout << "hrc-fault-proxy: listening on " << host << ":" << ntohs(listen_addr.sin_port)
              << std::endl;

    int id = 0;
    while (!stopping) {
        const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            if (stopping) break;
            continue;
        }
        const Mode mode = static_cast<std::size_t>(id) < schedule.size()
                              ? schedule[static_cast<std::size_t>(id)]
                              : Mode::pass;
        std::thread(serve_connection, client, target, mode, upload_bytes, stall_seconds, id)
            .detach();
        ++id;
    }
    return 0;
}
