"""The mediation network (三级调解网络) screens."""
