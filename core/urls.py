from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("is_healthy/", views.is_healthy, name="is_healthy"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
