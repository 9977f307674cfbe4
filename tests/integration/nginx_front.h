// nginx_front.h — nginx in front of a test Deployment's hrc-central, configured with the very file
// the deployment installs (packaging/nginx/hrc-central.conf), changed only where a test must: its
// port, the central folder and the upstream port. Runs as one foreground process (no master, no
// workers), so its memory is one /proc entry. Header-only; needs HRC_SOURCE_DIR.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "deployment.h"
#include "process.h"
#include "test_support.h"

namespace hrc_test {

// Replaces the one occurrence of `from` in `text`; fails the test when it is not there exactly once
// (the shipped file changed shape: the test must follow it).
inline void replace_once(std::string& text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    INFO("packaging/nginx/hrc-central.conf must contain \"" << from << "\" once");
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + from.size()) == std::string::npos);
    text.replace(at, from.size(), to);
}

inline void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

inline bool port_open(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

struct NginxFront {
    int port = hrc_test::free_port();
    fs::path dir;
    std::unique_ptr<Process> nginx;

    // Starts nginx on 127.0.0.1:port in front of d's central (which must be started).
    explicit NginxFront(const Deployment& d, int listen_port = 0) : dir(d.dir / "nginx") {
        if (listen_port != 0) port = listen_port;
        fs::create_directories(dir / "temp");
        std::string site =
            hrc_test::read_file(fs::path(HRC_SOURCE_DIR) / "packaging/nginx/hrc-central.conf");
        replace_once(site, "listen 8443 ssl;",
                     "listen 127.0.0.1:" + std::to_string(port) + " ssl;");
        replace_once(site, "listen [::]:8443 ssl;", "");
        replace_once(site, "server 127.0.0.1:8444;",
                     "server 127.0.0.1:" + std::to_string(d.central_port) + ";");
        replace_all(site, "/var/lib/hrc-central/", d.central_dir.string() + "/");
        hrc_test::write_file(dir / "hrc-central.conf", site);
        const std::string temp = (dir / "temp").string();
        hrc_test::write_file(
            dir / "nginx.conf",
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid " +
                (dir / "nginx.pid").string() + ";\nerror_log " + (dir / "error.log").string() +
                " warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log " +
                (dir / "access.log").string() + ";\n  client_body_temp_path " + temp +
                "/body;\n  proxy_temp_path " + temp + "/proxy;\n  fastcgi_temp_path " + temp +
                "/fastcgi;\n  uwsgi_temp_path " + temp + "/uwsgi;\n  scgi_temp_path " + temp +
                "/scgi;\n  include " + (dir / "hrc-central.conf").string() + ";\n}\n");
        const std::string exe = fs::exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
        {
            const auto check = hrc_test::run_command(
                {exe, "-t", "-p", dir.string(), "-c", (dir / "nginx.conf").string()},
                (dir / "check.log").string());
            INFO("nginx -t (Debian package nginx):\n" << hrc_test::read_file(dir / "check.log"));
            REQUIRE(check.code == 0);
        }
        nginx = std::make_unique<Process>(
            std::vector<std::string>{exe, "-p", dir.string(), "-c", (dir / "nginx.conf").string()},
            (dir / "stderr.log").string());
        for (int i = 0; i < 200 && !port_open(port); ++i)
            std::this_thread::sleep_for(25ms);
        INFO(hrc_test::read_file(dir / "error.log"));
        REQUIRE(port_open(port));
    }
    ~NginxFront() {
        if (nginx) nginx->stop(SIGTERM);
    }
    NginxFront(const NginxFront&) = delete;
    NginxFront& operator=(const NginxFront&) = delete;
};

} // namespace hrc_test
