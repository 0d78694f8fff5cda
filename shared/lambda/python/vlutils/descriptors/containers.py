from _luna_bridge import sdk_descriptor_decode

from luna_lambda_tools._convert import to_javascript


def sdkDescriptorDecode(sdkDescriptor):
    """SDK descriptor (bytes or base64 text) → (version, descriptor payload bytes)."""
    version, payload = sdk_descriptor_decode(sdkDescriptor if isinstance(sdkDescriptor, str) else to_javascript(bytes(sdkDescriptor)))
    return int(version), payload.to_bytes()
