#!/usr/bin/env python3
"""Asks an ssh-agent for N signatures with its first key, speaking the agent protocol directly.

Usage: sign-loop.py SOCKET COUNT   (prints the elapsed time; exits 1 on any refusal)
"""
import socket
import struct
import sys
import time


def frame(sock, payload):
    sock.sendall(struct.pack(">I", len(payload)) + payload)
    header = recv_exactly(sock, 4)
    (length,) = struct.unpack(">I", header)
    return recv_exactly(sock, length)


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("agent closed the connection")
        data += chunk
    return data


def string(b):
    return struct.pack(">I", len(b)) + b


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(60)
        s.connect(path)
        reply = frame(s, b"\x0b")  # SSH_AGENTC_REQUEST_IDENTITIES
        if reply[0] != 12 or struct.unpack(">I", reply[1:5])[0] < 1:
            sys.exit("the agent offers no key")
        (blob_len,) = struct.unpack(">I", reply[5:9])
        blob = reply[9:9 + blob_len]
        start = time.monotonic()
        for i in range(count):
            data = b"benchmark data %d" % i
            # SSH_AGENTC_SIGN_REQUEST, flags SSH_AGENT_RSA_SHA2_512
            reply = frame(s, b"\x0d" + string(blob) + string(data) + struct.pack(">I", 4))
            if reply[0] != 14:
                sys.exit("signature %d refused (reply type %d)" % (i, reply[0]))
        print("%d signatures in %.1f s" % (count, time.monotonic() - start))


if __name__ == "__main__":
    main()
