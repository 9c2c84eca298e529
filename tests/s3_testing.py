"""A local S3-compatible server for tests and the deployment check: moto's standalone server, started
on a free loopback port (moto[server] is a pinned dev dependency, so it is always there: never skip)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "oocr-test", "AWS_SECRET_ACCESS_KEY": "oocr-test-secret",
               "AWS_DEFAULT_REGION": "eu-west-2"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ObjectStoreServer:
    """`with ObjectStoreServer() as server:` runs moto until the block ends; server.url is its endpoint."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # moto logs a line per request: to a file, since a pipe nobody reads fills after ~900 requests
        # and then moto stops answering (every later request times out).
        self.log = tempfile.TemporaryFile()

    def __enter__(self) -> ObjectStoreServer:
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError("moto server exited: " + self.log.read().decode(errors="replace")[-2000:])
            try:
                urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1)  # noqa: S310 (our own loopback server)
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError(f"moto server did not answer on {self.url} within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def create_bucket(self, name: str) -> None:
        import boto3
        client = boto3.session.Session(aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                                       aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                                       region_name=CREDENTIALS["AWS_DEFAULT_REGION"]).client("s3", endpoint_url=self.url)
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["AWS_DEFAULT_REGION"]})

    def environment(self) -> dict[str, str]:
        """What a process needs in its environment to reach this server through boto3."""
        return {**CREDENTIALS, "AWS_ENDPOINT_URL": self.url}


def set_credentials(setenv) -> None:
    for name, value in CREDENTIALS.items():
        setenv(name, value)


if __name__ == "__main__":  # a quick look: start, make a bucket, stop
    with ObjectStoreServer() as srv:
        os.environ.update(CREDENTIALS)
        srv.create_bucket("probe")
        print("moto answered on", srv.url)
