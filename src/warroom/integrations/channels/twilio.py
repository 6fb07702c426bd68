"""SMS and voice calls through Twilio's REST API (Messages.json, Calls.json; Basic auth)."""

from __future__ import annotations

from xml.sax.saxutils import escape

import httpx

from warroom.integrations.channels.http import post
from warroom.notifications.ports import Destination, Message, SendResult

VOICE_LANGUAGE = {"ko": "ko-KR", "en": "en-US"}


class Twilio:
    def __init__(
        self,
        client: httpx.Client,
        *,
        account_sid: str,
        auth_token: str,
        sender: str,
        api_url: str,
        voice: bool = False,
    ) -> None:
        self.client, self.sid, self.token = client, account_sid, auth_token
        self.sender, self.api_url, self.voice = sender, api_url.rstrip("/"), voice

    def send(self, message: Message, destination: Destination) -> SendResult:
        base = f"{self.api_url}/2010-04-01/Accounts/{self.sid}"
        form = {"To": destination.address, "From": self.sender}
        if self.voice:
            speech = escape(f"{message.subject}. {message.text}"[:1500])
            lang = VOICE_LANGUAGE.get(message.lang, "en-US")
            form["Twiml"] = (
                f'<Response><Say language="{lang}">{speech}</Say>'
                f'<Pause length="1"/><Say language="{lang}">{speech}</Say></Response>'
            )
            url = f"{base}/Calls.json"
        else:
            form["Body"] = _sms(message)
            url = f"{base}/Messages.json"
        result, response = post(self.client, url, data=form, auth=(self.sid, self.token))
        if result.status == "failed" and response is not None and response.content:
            info = response.json()
            return SendResult(
                "failed",
                code=result.code,
                error=f"Twilio {info.get('code')}: {info.get('message')}",
                latency_ms=result.latency_ms,
            )
        return result


def _sms(message: Message) -> str:
    text = message.subject
    if message.ack_url:
        text += f"\n{message.labels.get('ack', 'Acknowledge')}: {message.ack_url}"
    elif message.purpose in ("verify", "test"):
        text = message.text
    return text[:1500]
