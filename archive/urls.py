from django.contrib import admin
from django.urls import include, path

from archive import views

app_name = "archive"

archive_patterns = [
    path("", views.home, name="home"),
    path("briefings/", views.briefing_list, name="briefing_list"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing_detail"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/export.csv", views.claim_export, {"fmt": "csv"}, name="claim_export_csv"),
    path("claims/export.json", views.claim_export, {"fmt": "json"}, name="claim_export_json"),
    path("claims/feed.atom", views.claim_feed, name="claim_feed"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("figures/", views.figures, name="figures"),
    path("search/", views.search, name="search"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((archive_patterns, "archive"))),
]
